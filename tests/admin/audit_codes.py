"""Every action code the application writes to the audit log, found by reading its source.

The direct calls (`record("...")`, `seen("...")`, `seen_many("...")`, `record_each("...")`) and
the calls of the helpers that pass their first argument on to one of them (`_log("...")`); a
code chosen by a condition (`"a" if x else "b"`) or assigned to the variable that is passed on
counts with each of its values, and the summons codes made from the ways a summons goes out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
WRITERS = {"record", "seen", "seen_many", "record_each"}
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _strings(node: ast.AST) -> set[str]:
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    }


def _trees() -> list[tuple[str, ast.Module]]:
    return [
        (str(path), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(APP.rglob("*.py"))
    ]


def _position(helpers: dict, module: str, call: ast.AST) -> int | None:
    """Where the action stands among the call's arguments, if it calls a writer or a helper:
    a helper of the same module first, else one whose name no other module uses."""
    if not isinstance(call, ast.Call):
        return None
    name = _name(call)
    if name in WRITERS:
        return 0
    if (module, name) in helpers:
        return helpers[(module, name)]
    elsewhere = [pos for (_m, n), pos in helpers.items() if n == name]
    return elsewhere[0] if len(elsewhere) == 1 else None


def _helpers(trees) -> dict[tuple[str, str], int]:
    """Functions that hand one of their parameters on as the action, and its position; a
    helper of a helper counts too."""
    found: dict[tuple[str, str], int] = {}
    grown = True
    while grown:
        grown = False
        for module, tree in trees:
            for fn in ast.walk(tree):
                if not isinstance(fn, ast.FunctionDef) or (module, fn.name) in found:
                    continue
                if fn.name in WRITERS:
                    continue
                params = [a.arg for a in fn.args.args]
                for call in ast.walk(fn):
                    position = _position(found, module, call)
                    if position is None or len(call.args) <= position:
                        continue
                    given = call.args[position]
                    if isinstance(given, ast.Name) and given.id in params:
                        found[(module, fn.name)] = params.index(given.id)
                        grown = True
                        break
    return found


def _assigned(fn: ast.AST, variable: str) -> set[str]:
    codes = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == variable for t in node.targets
        ):
            codes |= _strings(node.value)
    return codes


def _module_constants(tree: ast.Module) -> dict[str, set[str]]:
    return {
        target.id: _strings(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def audit_codes() -> set[str]:
    """Every action code found in the source."""
    from app.cases.vocab import SummonsDelivery

    trees = _trees()
    helpers = _helpers(trees)
    codes: set[str] = set()
    for module, tree in trees:
        constants = _module_constants(tree)
        for fn in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
            for call in ast.walk(fn):
                position = _position(helpers, module, call)
                if position is None or len(call.args) <= position:
                    continue
                first = call.args[position]
                if isinstance(first, ast.Name):
                    codes |= _assigned(fn, first.id) | constants.get(first.id, set())
                elif isinstance(first, ast.JoinedStr):
                    continue  # the summons codes, below
                else:
                    codes |= _strings(first)
    return codes | {f"case.summons_{way.value}" for way in SummonsDelivery}
