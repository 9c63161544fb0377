"""The framework exchange file (JSON): parsing and validation, in plain Python.

The format is documented in docs/framework-schema.md and docs/framework-schema.json. Validation
collects every problem with its path in the file (``units[2].outcomes[0].criteria[1].text``)
instead of stopping at the first, so that whoever wrote the file can fix it in one go.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from app.frameworks.vocab import Level

SCHEMA_ID = "validera-framework/1"
MAX_BYTES = 1024 * 1024
FRAMEWORK_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
UNIT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
SSYK = re.compile(r"^\d{4}$")
CONCEPT_REF = re.compile(r"^\S{1,255}$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (`path`), what (`kind`) and its details."""

    path: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Text:
    """A text field: required or not, its longest length, and an optional format."""

    max_length: int
    required: bool = True
    pattern: re.Pattern | None = None
    pattern_kind: str = "format"


TOP = {
    "schema": Text(40),
    "code": Text(40, pattern=FRAMEWORK_CODE, pattern_kind="framework_code"),
    "name": Text(200),
    "description": Text(5000, required=False),
    "ssyk": Text(4, required=False, pattern=SSYK, pattern_kind="ssyk"),
    "owner": Text(200),
}
UNIT = {
    "code": Text(20, pattern=UNIT_CODE, pattern_kind="unit_code"),
    "title": Text(200),
    "concept": Text(255, required=False, pattern=CONCEPT_REF, pattern_kind="concept"),
}
STATEMENT = {"text": Text(1000)}
TOP_KEYS = {*TOP, "version", "units"}
UNIT_KEYS = {*UNIT, "level", "credits", "outcomes"}
OUTCOME_KEYS = {*STATEMENT, "criteria"}
MAX_VERSION = 9999
MAX_CREDITS = 999


def parse(raw: bytes) -> tuple[Any, list[Problem]]:
    """Decode the file; a problem (and no document) when it is too large or not JSON."""
    if len(raw) > MAX_BYTES:
        return None, [Problem("", "too_large", {"limit": MAX_BYTES // 1024})]
    try:
        return json.loads(raw.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        return None, [Problem("", "not_utf8")]
    except json.JSONDecodeError as exc:
        return None, [Problem("", "not_json", {"line": exc.lineno, "column": exc.colno})]
    except RecursionError:
        return None, [Problem("", "not_json", {"line": 1, "column": 1})]


def validate(doc: Any) -> list[Problem]:
    """Every problem of a parsed document; an empty list means it can be imported."""
    if not isinstance(doc, dict):
        return [Problem("", "not_object")]
    problems = _object(doc, "", TOP, TOP_KEYS)
    if isinstance(doc.get("schema"), str) and doc["schema"] != SCHEMA_ID:
        problems.append(Problem("schema", "schema", {"expected": SCHEMA_ID}))
    problems += _integer(doc, "version", "", 1, MAX_VERSION)
    units = _list(doc, "units", "", problems)
    for i, unit in enumerate(units):
        problems += _unit(unit, f"units[{i}]")
    problems += _duplicates(units)
    return problems


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _object(obj: dict, prefix: str, texts: dict[str, Text], allowed: set[str]) -> list[Problem]:
    problems = [
        Problem(_join(prefix, str(key)), "unknown_field") for key in obj if key not in allowed
    ]
    for key, spec in texts.items():
        problems += _text(obj, key, prefix, spec)
    return problems


def _text(obj: dict, key: str, prefix: str, spec: Text) -> list[Problem]:
    path, value = _join(prefix, key), obj.get(key)
    if value is None:
        return [Problem(path, "missing")] if spec.required else []
    if not isinstance(value, str):
        return [Problem(path, "not_text")]
    if not value.strip():
        return [Problem(path, "empty")] if spec.required else []
    if len(value) > spec.max_length:
        return [Problem(path, "too_long", {"limit": spec.max_length})]
    if CONTROL.search(value):
        return [Problem(path, "control")]
    if spec.pattern is not None and not spec.pattern.match(value):
        return [Problem(path, spec.pattern_kind)]
    return []


def _integer(obj: dict, key: str, prefix: str, low: int, high: int) -> list[Problem]:
    path, value = _join(prefix, key), obj.get(key)
    if value is None:
        return [Problem(path, "missing")]
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem(path, "not_integer")]
    if not low <= value <= high:
        return [Problem(path, "out_of_range", {"low": low, "high": high})]
    return []


def _list(obj: dict, key: str, prefix: str, problems: list[Problem]) -> list:
    """The list under `key` (empty when absent or wrong, with the problem added)."""
    path, value = _join(prefix, key), obj.get(key)
    if value is None:
        problems.append(Problem(path, "missing"))
    elif not isinstance(value, list):
        problems.append(Problem(path, "not_list"))
    elif not value:
        problems.append(Problem(path, "empty_list"))
    else:
        return value
    return []


def _unit(unit: Any, path: str) -> list[Problem]:
    if not isinstance(unit, dict):
        return [Problem(path, "not_object")]
    problems = _object(unit, path, UNIT, UNIT_KEYS)
    level = unit.get("level")
    if level is None:
        problems.append(Problem(f"{path}.level", "missing"))
    elif level not in {lv.value for lv in Level}:
        allowed = ", ".join(lv.value for lv in Level)
        problems.append(Problem(f"{path}.level", "unknown_level", {"allowed": allowed}))
    problems += _integer(unit, "credits", path, 1, MAX_CREDITS)
    for i, outcome in enumerate(_list(unit, "outcomes", path, problems)):
        problems += _statement(outcome, f"{path}.outcomes[{i}]", with_criteria=True)
    return problems


def _statement(obj: Any, path: str, with_criteria: bool = False) -> list[Problem]:
    if not isinstance(obj, dict):
        return [Problem(path, "not_object")]
    problems = _object(obj, path, STATEMENT, OUTCOME_KEYS if with_criteria else set(STATEMENT))
    if with_criteria:
        for i, criterion in enumerate(_list(obj, "criteria", path, problems)):
            problems += _statement(criterion, f"{path}.criteria[{i}]")
    return problems


def _duplicates(units: list) -> list[Problem]:
    """Unit codes are unique in a framework (compared without regard to case)."""
    seen: set[str] = set()
    problems = []
    for i, unit in enumerate(units):
        code = unit.get("code") if isinstance(unit, dict) else None
        if not isinstance(code, str):
            continue
        if code.casefold() in seen:
            problems.append(Problem(f"units[{i}].code", "duplicate", {"value": code}))
        seen.add(code.casefold())
    return problems
