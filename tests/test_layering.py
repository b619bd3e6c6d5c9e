"""The import rules of DESIGN.md §2, checked by parsing every module's imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "survey_app"
DOMAIN = ["core", "reference", "accounts", "campaigns", "questionnaires", "respondents", "invitations", "mailing",
          "responses", "monitoring"]
FLASK_REQUEST_STATE = {"request", "session", "current_user", "g"}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import statement in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", [alias.name for alias in node.names]))
    return found


def _modules(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


def _importers(prefix: str) -> set[str]:
    users = set()
    for path in PACKAGE.rglob("*.py"):
        if any(module == prefix or module.startswith(prefix + ".") for module, _ in _imports(path)):
            users.add(str(path.relative_to(PACKAGE)))
    return users


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_packages_never_touch_the_request_or_the_web_layer(package):
    for path in _modules(package):
        for module, names in _imports(path):
            assert not module.startswith("survey_app.web"), f"{path.name} imports {module}"
            assert not module.startswith(("survey_app.cli", "survey_app.scheduler")), f"{path.name} imports {module}"
            if module in ("flask", "flask_login"):
                assert not FLASK_REQUEST_STATE & set(names), f"{path.name} imports {names} from {module}"


def test_core_depends_on_no_domain_package():
    for path in _modules("core"):
        for module, _ in _imports(path):
            assert not any(module.startswith(f"survey_app.{p}") for p in DOMAIN if p != "core"), (path.name, module)


def test_only_core_sheets_imports_the_spreadsheet_reader():
    assert _importers("python_calamine") == {"core/sheets.py"}


def test_only_the_plain_session_imports_aiosmtplib():
    assert _importers("aiosmtplib") == {"mailing/plain_session.py"}


def test_asyncio_stays_in_the_transport_and_the_inbound_servers():
    assert _importers("asyncio") <= {"mailing/transport.py", "mailing/pipelining.py", "mailing/smtp_wire.py",
                                     "mailing/inbound.py"}


def test_only_core_tokens_imports_itsdangerous():
    assert _importers("itsdangerous") == {"core/tokens.py"}
