"""The exchange file's validation: every problem, each with its path. No app needed."""

import copy
import json

import pytest

from app.frameworks.document import MAX_BYTES, SCHEMA_ID, parse, validate

pytestmark = pytest.mark.domain  # no app, no database


def valid() -> dict:
    return {
        "schema": SCHEMA_ID,
        "code": "lokalvard",
        "version": 1,
        "name": "Lokalvård",
        "description": "",
        "ssyk": "9111",
        "owner": "Härnösands kommun",
        "units": [
            {
                "code": f"LOK-{u}",
                "title": f"Enhet {u}",
                "level": "level1",
                "credits": 3,
                "concept": None,
                "outcomes": [
                    {"text": f"mål {o}", "criteria": [{"text": "a"}, {"text": "b"}]}
                    for o in range(2)
                ],
            }
            for u in range(3)
        ],
    }


def problems(doc) -> set[tuple[str, str]]:
    return {(p.path, p.kind) for p in validate(doc)}


def test_a_valid_file_has_no_problems():
    doc, found = parse(json.dumps(valid()).encode())
    assert found == [] and validate(doc) == []


def test_optional_fields_may_be_absent_or_null():
    doc = valid()
    del doc["description"], doc["units"][0]["concept"]
    doc["ssyk"] = None
    assert validate(doc) == []


def test_a_missing_criterion_text_is_reported_with_its_full_path():
    doc = valid()
    del doc["units"][2]["outcomes"][0]["criteria"][1]["text"]
    assert problems(doc) == {("units[2].outcomes[0].criteria[1].text", "missing")}


def test_every_problem_is_reported_not_only_the_first():
    doc = valid()
    doc["version"] = "1"
    doc["units"][0]["credits"] = 2.5
    doc["units"][1]["level"] = "level9"
    doc["units"][2]["code"] = "LOK-0"
    doc["units"][0]["outcomes"][1] = "text"
    del doc["owner"]
    doc["colour"] = "red"
    assert problems(doc) == {
        ("version", "not_integer"),
        ("units[0].credits", "not_integer"),
        ("units[1].level", "unknown_level"),
        ("units[2].code", "duplicate"),
        ("units[0].outcomes[1]", "not_object"),
        ("owner", "missing"),
        ("colour", "unknown_field"),
    }


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(name=7), ("name", "not_text")),
        (lambda d: d.update(name="   "), ("name", "empty")),
        (lambda d: d.update(name="x" * 201), ("name", "too_long")),
        (lambda d: d.update(name="a\x00b"), ("name", "control")),
        (lambda d: d.update(ssyk="911"), ("ssyk", "ssyk")),
        (lambda d: d.update(code="Lokal Vård"), ("code", "framework_code")),
        (lambda d: d.update(schema="other/2"), ("schema", "schema")),
        (lambda d: d.update(version=0), ("version", "out_of_range")),
        (lambda d: d.update(version=True), ("version", "not_integer")),
        (lambda d: d.update(units={}), ("units", "not_list")),
        (lambda d: d.update(units=[]), ("units", "empty_list")),
        (lambda d: d["units"][1].update(credits=-3), ("units[1].credits", "out_of_range")),
        (lambda d: d["units"][1].update(credits=10**12), ("units[1].credits", "out_of_range")),
        (lambda d: d["units"][1].pop("level"), ("units[1].level", "missing")),
        (lambda d: d["units"][1].update(code="<script>"), ("units[1].code", "unit_code")),
        (lambda d: d["units"][0].update(concept="a b"), ("units[0].concept", "concept")),
        (
            lambda d: d["units"][0]["outcomes"][0].update(criteria=[]),
            ("units[0].outcomes[0].criteria", "empty_list"),
        ),
        (lambda d: d["units"][0]["outcomes"].append(None), ("units[0].outcomes[2]", "not_object")),
        (
            lambda d: d["units"][0]["outcomes"][1]["criteria"][0].update(text=["a"]),
            ("units[0].outcomes[1].criteria[0].text", "not_text"),
        ),
    ],
)
def test_each_kind_of_problem(change, expected):
    doc = copy.deepcopy(valid())
    change(doc)
    assert problems(doc) == {expected}


def test_duplicate_unit_codes_ignore_case():
    doc = valid()
    doc["units"][1]["code"] = "lok-0"
    assert problems(doc) == {("units[1].code", "duplicate")}


def test_not_json_too_large_and_not_utf8_are_refused_before_validation():
    assert [p.kind for p in parse(b"{not json")[1]] == ["not_json"]
    assert parse(b'{"a": 1,}')[1][0].params == {"line": 1, "column": 9}
    assert [p.kind for p in parse(b" " * (MAX_BYTES + 1))[1]] == ["too_large"]
    assert [p.kind for p in parse("{}".encode("utf-16"))[1]] == ["not_utf8"]
    assert [p.kind for p in parse(b"[" * 100_000)[1]] == ["not_json"]


def test_a_document_that_is_not_an_object():
    assert problems([1, 2]) == {("", "not_object")}
    assert problems("text") == {("", "not_object")}


def test_the_documented_json_schema_matches_the_validator():
    from pathlib import Path

    from app.frameworks import document

    docs = Path(__file__).resolve().parents[2] / "docs"
    schema = json.loads((docs / "framework-schema.json").read_text())
    unit = schema["$defs"]["unit"]["properties"]
    assert schema["properties"]["schema"]["const"] == SCHEMA_ID
    assert set(schema["properties"]) == document.TOP_KEYS
    assert set(unit) == document.UNIT_KEYS
    assert unit["level"]["enum"] == [level.value for level in document.Level]
    assert unit["code"]["pattern"] == document.UNIT_CODE.pattern
    assert schema["properties"]["code"]["pattern"] == document.FRAMEWORK_CODE.pattern
    assert unit["credits"]["maximum"] == document.MAX_CREDITS
    assert "units[2].outcomes[0].criteria[1].text" in (docs / "framework-schema.md").read_text()
