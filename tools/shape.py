"""Counts that describe how requests are handled in `app/`, read from the source with `ast`.

    python tools/shape.py [-v] [app/<area> ...]   (only those areas' route modules)

Route modules are the files under `app/<area>/routes/` and every `app/<area>/routes.py`.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
ROUTE_DECORATORS = {"route", "get", "post"}
REGISTRIES = {"rule", "nav_item", "admin_link"}
# Decorators that registered a function when its module was imported.
REGISTERING_DECORATORS = {
    "home_panel",
    "case_fact",
    "case_viewer",
    "timeline_source",
    "employer_certificate_access",
    "evidence_source",
    "work",
    "listens_for",
}


def route_modules() -> list[Path]:
    found = [p for p in APP.rglob("*.py") if "routes" in p.relative_to(APP).parts[:-1]]
    found += list(APP.glob("*/routes.py"))
    return sorted(found)


def calls(tree: ast.AST, name: str, method: bool = False) -> int:
    """Calls of `x.name()` or `name()`; with `method`, of `x.name()` only."""
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                count += func.attr == name
            elif not method:
                count += getattr(func, "id", None) == name
    return count


def is_handler(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef):
        return False
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS:
            return True
    return False


def body_lines(node: ast.FunctionDef) -> int:
    """Lines of the body, without the docstring."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:] or body
    return body[-1].end_lineno - body[0].lineno + 1


def exception_types(trees: dict[Path, ast.AST]) -> list[str]:
    names = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                getattr(base, "id", "").endswith(("Exception", "Error", "Refused"))
                for base in node.bases
            ):
                names.append(f"{path.relative_to(APP.parent)}:{node.name}")
    return names


def import_registrations(trees: dict[Path, ast.AST]) -> int:
    """Module-level calls that fill a registry when the module is imported."""
    count = 0
    for tree in trees.values():
        for node in tree.body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                func = node.value.func
                count += getattr(func, "id", getattr(func, "attr", None)) in REGISTRIES
    return count


def import_decorations(trees: dict[Path, ast.AST]) -> int:
    """Module-level functions whose decorator registers them when the module is imported."""
    count = 0
    for tree in trees.values():
        for node in tree.body:
            for decorator in getattr(node, "decorator_list", ()):
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = getattr(target, "id", getattr(target, "attr", None))
                count += name in REGISTERING_DECORATORS
    return count


def main() -> int:
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in APP.rglob("*.py")}
    areas = [Path(a).resolve() for a in sys.argv[1:] if not a.startswith("-")]
    routes = {
        p: trees[p]
        for p in route_modules()
        if not areas or any(p.is_relative_to(area) for area in areas)
    }
    handlers = [n for tree in routes.values() for n in ast.walk(tree) if is_handler(n)]
    lengths = sorted(body_lines(n) for n in handlers)
    longest = max(handlers, key=body_lines)
    rows = {
        "db.session.commit() in route modules": sum(
            calls(t, "commit", method=True) for t in routes.values()
        ),
        "app.web.commit() (the protocol's, for downloads and jobs)": sum(
            calls(t, "commit") for t in routes.values()
        )
        - sum(calls(t, "commit", method=True) for t in routes.values()),
        "rollback() in route modules": sum(
            calls(t, "rollback", method=True) for t in routes.values()
        ),
        "get_or_404() in route modules": sum(calls(t, "get_or_404") for t in routes.values()),
        "try blocks in route modules": sum(
            isinstance(n, ast.Try) for t in routes.values() for n in ast.walk(t)
        ),
        "exception types in app/": len(exception_types(trees)),
        "route handlers": len(handlers),
        "handler length, median": statistics.median(lengths),
        "handler length, max": f"{lengths[-1]} ({longest.name})",
        "registrations at import (rule, nav_item, admin_link)": import_registrations(trees),
        "registrations at import (decorators: panels, facts, listeners)": import_decorations(trees),
    }
    for label, value in rows.items():
        print(f"{label:63} {value}")
    if "-v" in sys.argv:
        print("\n".join(exception_types(trees)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
