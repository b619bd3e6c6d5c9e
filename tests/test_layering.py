"""The import rules of DESIGN.md §2 and docs/architecture.md, checked by parsing every module's imports.

Every import counts: at the top of a module or inside a function (a lazy import is still a dependency).
"""

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


# The table of docs/architecture.md ("Which way dependencies go"): an area imports only areas on a lower layer.
# Areas on the same layer do not import each other. Top-level modules of survey_app/ are areas of their own.
LAYERS = {
    "core": 0,
    "reference": 1,
    "accounts": 2, "questionnaires": 2,
    "campaigns": 3,
    "respondents": 4,
    "invitations": 5,
    "mailing": 6, "responses": 6,
    "monitoring": 7,
    "integrity": 8,
    "scoring": 9,
    "demo": 10, "scheduler": 10, "extensions": 10, "models": 10,
    "web": 11, "cli": 11,
    "__init__": 12,
}

KNOWN_BACK_EDGES: set[tuple[str, str]] = set()  # none left: notices are raised through core/events.py


def _area(relative: Path) -> str:
    """The area of a file under survey_app/: its top package, or the top-level module's own name."""
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _absolute(relative: Path, node: ast.ImportFrom) -> list[str]:
    """module.name for each name an ImportFrom takes (the name may be a submodule), relative imports resolved."""
    module = node.module or ""
    if node.level:
        base = ("survey_app", *relative.parts[:-1])[: len(relative.parts) - node.level + 1]
        module = ".".join(base) + (f".{module}" if module else "")
    return [f"{module}.{alias.name}" for alias in node.names]


def _own_imports(path: Path) -> list[str]:
    """Every survey_app module a file imports, wherever the import statement stands."""
    relative, found = path.relative_to(PACKAGE), []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found += _absolute(relative, node)
    return [module for module in found if module.startswith("survey_app.")]


def _area_edges() -> set[tuple[str, str, str]]:
    """(importing file, imported area, imported module) for every import that crosses areas."""
    edges = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        for module in _own_imports(path):
            target = module.split(".")[1]
            target = target if target in LAYERS else "__init__"  # a name defined in survey_app/__init__.py
            if target != _area(relative):
                edges.add((str(relative), target, module))
    return edges


def test_every_area_is_in_the_table():
    areas = {_area(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")}
    assert areas == set(LAYERS), "add the new area to LAYERS and to docs/architecture.md"


def test_areas_import_only_areas_below_them():
    against = {(source, target, module) for source, target, module in _area_edges()
               if LAYERS[target] >= LAYERS[_area(Path(source))]}
    unexpected = sorted(edge for edge in against if edge[:2] not in KNOWN_BACK_EDGES)
    assert not unexpected, "imports against docs/architecture.md's table:\n" + "\n".join(map(str, unexpected))


def test_every_known_back_edge_still_exists():
    current = {(source, target) for source, target, _ in _area_edges()}
    assert KNOWN_BACK_EDGES <= current, f"remove from KNOWN_BACK_EDGES: {sorted(KNOWN_BACK_EDGES - current)}"


def _module_name(path: Path) -> str:
    parts = ("survey_app", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph() -> dict[str, set[str]]:
    """module → the survey_app modules it imports (a name that is not a module counts as its module)."""
    names = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in names.items():
        targets = {module if module in names else module.rsplit(".", 1)[0] for module in _own_imports(path)}
        graph[name] = {target for target in targets if target in names and target != name}
    return graph


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports from `start` back to itself, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for target in graph[node]:
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def test_no_module_imports_itself_through_others():
    graph = _module_graph()
    cycles = [cycle for module in sorted(graph) if (cycle := _cycle_from(module, graph))]
    assert not cycles, "import cycle: " + " → ".join(cycles[0])
