# survey_app: `make run` (set up and start the embedded demo), `make test` (set up and run every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: setup run test lint clean-instance

$(STAMP): requirements.txt requirements-dev.txt package.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; fi
	touch $(STAMP)

## Install everything into .venv, and the browser tests' axe-core into node_modules (when npm exists).
setup: $(STAMP)

## Migrate a SQLite database under instance/, load the demo, start the app, a mail worker and the mail catcher.
run: setup
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) demo serve

## The whole suite (PostgreSQL too when TEST_DATABASE_URL is set; REQUIRE_POSTGRES=1 makes it mandatory).
test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

## The linter and the type checker (mypy checks the files pyproject.toml names).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

clean-instance:
	rm -rf instance
