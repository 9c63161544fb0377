"""The shape of the code: no import cycle between areas, and a domain free of Flask and SQLAlchemy.

Read from the source with `ast`, so nothing is imported. An area is a package directly under
`app/` (`app/cases`, `app/organisations`, ...); every other module directly under `app/`
(`app/permissions.py`, `app/vocab.py`, ...) counts as a node of its own, so a cycle through one
of them counts too. The factory (`app/__init__.py`) imports every area by design and is left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"

# Plain-Python modules: the domain's rules and vocabulary, tested without an app or a database.
DOMAIN = (
    "app/vocab.py",
    "app/assessments/rules.py",
    "app/auth/ceremonies.py",
    "app/auth/totp.py",
    "app/cases/personal_numbers.py",
    "app/cases/workflow.py",
    "app/certificates/statement.py",
    "app/employers/matching.py",
    "app/employers/pseudonyms.py",
    "app/frameworks/document.py",
    "app/imports/columns.py",
    "app/imports/reading.py",
    "app/mapping/analysis.py",
    "app/portal/journey.py",
    "app/reports/scope.py",
    "app/reports/suppression.py",
    "app/reports/tables.py",
    "app/webhooks/addresses.py",
    "app/webhooks/events.py",
    "app/webhooks/signing.py",
)
FRAMEWORKS = ("flask", "flask_babel", "flask_login", "flask_wtf", "sqlalchemy", "wtforms")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def module_level(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports run when the module loads: not in functions, not under TYPE_CHECKING."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            yield from module_level(node.body)
            yield from module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from module_level(block)


def imported(path: Path, everywhere: bool = False) -> set[str]:
    """The dotted names `path` imports (for `from m import n`, both `m` and `m.n`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = ast.walk(tree) if everywhere else module_level(tree.body)
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def area_of(module: str) -> str | None:
    """The node a module of `app` belongs to: its area package, or the top-level module."""
    parts = module.split(".")
    if parts[0] != "app" or len(parts) < 2:
        return None
    if (APP / parts[1]).is_dir():
        return parts[1]
    return f"{parts[1]}.py" if (APP / f"{parts[1]}.py").exists() else None


def area_graph() -> dict[str, set[str]]:
    """Which area imports which, at module level."""
    graph: dict[str, set[str]] = {}
    for path in APP.rglob("*.py"):
        if path == APP / "__init__.py":
            continue
        source = area_of(module_name(path))
        targets = {area_of(name) for name in imported(path)} - {None, source}
        graph.setdefault(source, set()).update(targets)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def path_of(module: str) -> Path | None:
    base = APP.parent.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def loaded_with(path: Path) -> dict[str, Path]:
    """Every module of `app` that importing `path` names, directly or through another."""
    seen: dict[str, Path] = {}
    todo = [path]
    while todo:
        for name in imported(todo.pop(), everywhere=True):
            found = path_of(name) if name.startswith("app.") else None
            if found is not None and name not in seen:
                seen[name] = found
                todo.append(found)
    return seen


def test_the_graph_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_the_areas_and_their_imports():
    graph = area_graph()
    assert {"admin", "cases", "organisations", "permissions.py", "vocab.py"} <= set(graph)
    assert "organisations" in graph["cases"]  # cases' models refer to municipalities
    assert graph["vocab.py"] == set()


def test_no_import_cycle_between_areas():
    assert cycles(area_graph()) == []


def test_the_shared_vocabulary_and_the_domain_import_neither_flask_nor_sqlalchemy():
    vocabularies = [str(p.relative_to(APP.parent)) for p in sorted(APP.glob("*/vocab.py"))]
    assert len(vocabularies) >= 6
    offending = {}
    for name in (*DOMAIN, *vocabularies):
        path = APP.parent / name
        for module, source in {name: path, **loaded_with(path)}.items():
            bad = {n.split(".")[0] for n in imported(source, everywhere=True)} & set(FRAMEWORKS)
            if bad:
                offending[name if source == path else f"{name} (through {module})"] = bad
    assert offending == {}


def test_role_lives_in_the_plain_vocabulary():
    assert "Role" in {
        node.name
        for node in ast.parse((APP / "vocab.py").read_text()).body
        if isinstance(node, ast.ClassDef)
    }
    rules = (APP / "assessments" / "rules.py").read_text()
    assert "app.vocab" in imported(APP / "assessments" / "rules.py")
    assert '"coach"' not in rules and '"assessor"' not in rules


# The names each kind of file had before it got one home: labels.py, hooks.py, queries.py, forms.py.
RETIRED_NAMES = ("messages.py", "integrations.py", "panels.py", "fields.py")


def test_each_kind_of_file_has_one_name_in_every_area():
    areas = [p for p in sorted(APP.iterdir()) if (p / "__init__.py").exists()]
    retired = [
        str(path.relative_to(APP.parent))
        for area in areas
        for path in area.rglob("*.py")
        if path.name in RETIRED_NAMES or path.name.startswith("form_")
    ]
    assert retired == []
    assert not (APP / "fields.py").exists() and (APP / "forms.py").exists()
    assert [str(p.relative_to(APP.parent)) for p in APP.glob("*/services/queries.py")] == []


def test_enums_live_in_vocab_or_in_the_domain_modules():
    elsewhere = []
    for path in sorted(APP.rglob("*.py")):
        name = str(path.relative_to(APP.parent))
        if path.name == "vocab.py" or name in DOMAIN:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            bases = [ast.unparse(base) for base in getattr(node, "bases", [])]
            if any(base.startswith("enum.") or base.endswith("Enum") for base in bases):
                elsewhere.append(f"{name}:{node.name}")
    assert elsewhere == []


# --- one protocol for a view (app/web.py) -------------------------------------------------------

HANDLER_MAX_LINES = 25
ROUTE_DECORATORS = {"route", "get", "post"}
# Exceptions that refuse a user's action are all app.refusals.Refused; these others are guards
# against programming mistakes (500 when reached), a parse error and the command line's refusal.
OTHER_EXCEPTIONS = {
    "app/refusals.py:Refused",
    "app/audit.py:AuditLogIsAppendOnly",
    "app/assessments/locking.py:VerifiedDecisionIsLocked",
    "app/frameworks/immutability.py:PublishedFrameworkIsImmutable",
    "app/cases/personal_numbers.py:InvalidPersonalNumber",
    "app/privacy/backup.py:BackupRefused",
    "app/queue.py:Interrupted",  # a job cut off by a database outage asks to run again
}


def route_modules() -> list[Path]:
    """The files under `app/<area>/routes/` and every `app/<area>/routes.py`."""
    found = [p for p in APP.rglob("*.py") if "routes" in p.relative_to(APP).parts[:-1]]
    return sorted([*found, *APP.glob("*/routes.py")])


def called(tree: ast.AST) -> list[str]:
    """The methods called on something in `tree` (`db.session.commit()` gives "commit"; the
    protocol's own `commit(change)` of app/web.py, called by name, is not one)."""
    return [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    ]


def handlers(tree: ast.AST) -> list[ast.FunctionDef]:
    """The functions a blueprint routes to."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS:
                    found.append(node)
                    break
    return found


def body_lines(node: ast.FunctionDef) -> int:
    """Lines of a function's body, less its docstring."""
    body = node.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1


def test_route_modules_neither_commit_nor_roll_back_nor_load_by_hand():
    offending = []
    for path in route_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad = {"commit", "rollback", "get_or_404"} & set(called(tree))
        bad |= {"try"} if any(isinstance(n, ast.Try) for n in ast.walk(tree)) else set()
        if bad:
            offending.append(f"{path.relative_to(APP.parent)}: {sorted(bad)}")
    assert offending == []
    assert len(route_modules()) >= 30


def test_route_handlers_are_short():
    lengths = {
        f"{path.relative_to(APP.parent)}:{node.name}": body_lines(node)
        for path in route_modules()
        for node in handlers(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert len(lengths) >= 150
    assert {name: n for name, n in lengths.items() if n > HANDLER_MAX_LINES} == {}
    assert sorted(lengths.values())[len(lengths) // 2] <= 8


def is_loader(node: ast.AST) -> bool:
    """A function that loads the object a URL names: `load…`, `…_in_scope` or `get_or_404`."""
    return isinstance(node, ast.FunctionDef) and (
        node.name.startswith("load") or node.name.endswith("_in_scope") or node.name == "get_or_404"
    )


def test_one_refusal_type_and_one_loader():
    exceptions = set()
    for path in sorted(APP.rglob("*.py")):
        name = str(path.relative_to(APP.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                ast.unparse(base).endswith(("Exception", "Error", "Refused")) for base in node.bases
            ):
                exceptions.add(f"{name}:{node.name}")
    assert exceptions == OTHER_EXCEPTIONS
    # Where loaders grew before: the views and their helpers, and the access module.
    places = [*route_modules(), APP / "permissions.py", APP / "extensions.py", APP / "web.py"]
    loaders = [
        f"{path.relative_to(APP.parent)}:{node.name}"
        for path in places
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if is_loader(node)
    ]
    assert sorted(loaders) == ["app/web.py:load", "app/web.py:load_session"]


def test_the_gate_sees_what_it_forbids():
    view = ast.parse(
        "@bp.post('/x')\ndef x():\n    try:\n        db.session.commit()\n"
        "    except Refused:\n        db.session.rollback()\n"
    )
    assert {"commit", "rollback"} <= set(called(view))
    assert called(ast.parse("commit(lambda: change())")) == []
    assert [h.name for h in handlers(view)] == ["x"] and body_lines(handlers(view)[0]) == 4
