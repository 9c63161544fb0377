"""A test's numbers over HTTP: each error stands at the field it is about, in Swedish."""

from __future__ import annotations

import re

import pytest

from app.assessments.vocab import AssessmentKind
from tests.assessments.factories import plan


@pytest.fixture
def test(world, case, unit):
    return plan(case, world["assessor"], [unit], kind=AssessmentKind.THEORETICAL)


def error_at(page: str, name: str) -> str:
    """The error text shown under the field `name`, '' when there is none."""
    found = re.search(rf'<p class="field-error" id="{re.escape(name)}-error">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def test_a_pass_mark_above_the_maximum_is_an_error_at_the_pass_mark(client, world, test, unit):
    client.login(world["assessor"])
    data = {f"score-{unit.id}": "10", f"pass-{unit.id}": "30", f"max-{unit.id}": "20"}
    page = client.post(f"/assessments/{test.id}/results", data=data).get_data(as_text=True)
    assert "högre än maxpoängen" in error_at(page, f"pass-{unit.id}").lower()
    assert error_at(page, f"score-{unit.id}") == ""


def test_a_score_without_a_pass_mark_asks_for_the_pass_mark_at_its_field(client, world, test, unit):
    client.login(world["assessor"])
    data = {f"score-{unit.id}": "10"}
    page = client.post(f"/assessments/{test.id}/results", data=data).get_data(as_text=True)
    assert error_at(page, f"pass-{unit.id}")
    assert error_at(page, f"score-{unit.id}") == ""


def test_a_word_for_a_number_gets_a_swedish_message(client, world, test, unit):
    client.login(world["assessor"])
    data = {f"score-{unit.id}": "tolv", f"pass-{unit.id}": "10"}
    page = client.post(f"/assessments/{test.id}/results", data=data).get_data(as_text=True)
    assert "Skriv ett heltal med siffror, till exempel 12." in error_at(page, f"score-{unit.id}")
    assert "coerc" not in page and "Not a valid" not in page
