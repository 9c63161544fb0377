"""Theoretical tests with items over HTTP: the assessor's pages, bad input, scope, locking."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.assessments.models import Assessment, CriterionResult, ExamItem
from app.assessments.vocab import AssessmentKind, AssessmentStatus, Result
from app.audit import AuditEvent
from app.extensions import db
from app.vocab import Role
from tests.assessments.factories import add_item, decide_all, plan, record_items
from tests.assessments.helpers import count
from tests.clock import days

THEORETICAL = AssessmentKind.THEORETICAL


@pytest.fixture
def test(world, case, unit):
    """A written test held today, so that its results may be recorded."""
    return plan(case, world["assessor"], [unit], kind=THEORETICAL, scheduled_on=days(0))


def item_form(unit, **overrides) -> dict:
    return {"label": "1", "max_points": "10", "criteria": [str(unit.criteria[0].id)], **overrides}


def snapshot() -> list:
    db.session.expire_all()
    items = db.session.scalars(sa.select(ExamItem).order_by(ExamItem.id))
    results = db.session.scalars(sa.select(CriterionResult).order_by(CriterionResult.id))
    return [
        (i.label, i.max_points, i.pass_mark, i.score, [c.id for c in i.criteria]) for i in items
    ] + [(r.criterion_id, r.result, r.comment) for r in results]


def test_the_assessor_scores_a_test_item_by_item_over_http(client, world, test, unit):
    client.login(world["assessor"])
    results_page = client.get(f"/assessments/{test.id}/results").get_data(as_text=True)
    items_url = f"/assessments/{test.id}/units/{unit.id}/items"
    assert items_url in results_page
    assert client.get(items_url).status_code == 200
    logged = db.session.scalars(
        sa.select(AuditEvent.participant_id).where(AuditEvent.action == "assessment.viewed")
    ).all()
    assert logged.count(test.case.participant_id) == 2  # the results page, then the items
    c = unit.criteria
    first = item_form(unit, criteria=[str(c[0].id), str(c[1].id)], pass_mark="6")
    assert client.post(items_url, data=first).status_code == 302
    second = item_form(unit, label="2", criteria=[str(c[2].id)])
    assert client.post(items_url, data=second).status_code == 302
    one, two = db.session.scalars(sa.select(ExamItem).order_by(ExamItem.id))
    page = client.get(f"/assessments/{test.id}/results").get_data(as_text=True)
    assert f'name="item-{one.id}"' in page and f'name="pass-{unit.id}"' in page
    assert f'name="criterion-{c[0].id}"' not in page  # derived from the items, not chosen
    assert "Poäng på uppgift 1" in page
    data = {f"item-{one.id}": "5", f"item-{two.id}": "9", f"pass-{unit.id}": "12"}
    data[f"comment-{c[2].id}"] = "Resonerar väl."
    assert client.post(f"/assessments/{test.id}/results", data=data).status_code == 302
    db.session.expire_all()
    assessment = db.session.get(Assessment, test.id)
    assert assessment.status is AssessmentStatus.RECORDED
    assert {r.criterion_id: r.result for r in assessment.results} == {
        c[0].id: Result.NOT_MET,
        c[1].id: Result.NOT_MET,
        c[2].id: Result.MET,
    }
    shown = client.get(f"/assessments/{test.id}").get_data(as_text=True)
    assert "inte nådd" in shown and "Resonerar väl." in shown


@pytest.mark.parametrize(
    ("hostile", "message"),
    [
        ({"label": ""}, "Ange uppgiftens nummer eller beteckning."),
        ({"label": "x" * 41}, "field-error"),
        ({"label": "\x00"}, "field-error"),
        ({"max_points": ""}, "Ange uppgiftens poäng som ett heltal."),
        ({"max_points": "0"}, "En uppgift är värd minst en poäng."),
        ({"max_points": "-4"}, "En uppgift är värd minst en poäng."),
        ({"max_points": "abc"}, "field-error"),
        ({"max_points": "9" * 400}, "field-error"),
        ({"pass_mark": "11"}, "Gränsen för godkänt kan inte vara högre än maxpoängen."),
        ({"pass_mark": "-1"}, "field-error"),
        ({"criteria": []}, "Välj minst ett kriterium som uppgiften prövar."),
        ({"criteria": ["999999999"]}, "field-error"),
        ({"criteria": ["<script>"]}, "field-error"),
    ],
)
def test_bad_items_are_refused_at_the_field(client, world, test, unit, hostile, message):
    client.login(world["assessor"])
    page = client.post(
        f"/assessments/{test.id}/units/{unit.id}/items", data=item_form(unit, **hostile)
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "field-error" in html and message in html and "<script>" not in html
    assert count(ExamItem) == 0


def test_a_duplicate_label_and_bad_scores_are_refused_at_the_field(client, world, test, unit):
    add_item(test, unit, "1", 10, unit.criteria[:1])
    client.login(world["assessor"])
    page = client.post(f"/assessments/{test.id}/units/{unit.id}/items", data=item_form(unit))
    assert "En annan uppgift i enhetens prov har redan den beteckningen." in page.get_data(
        as_text=True
    )
    [item] = test.unit_row(unit.id).items
    url = f"/assessments/{test.id}/results"
    for score, mark, message in [
        ("11", "5", "Poängen kan inte vara högre än maxpoängen."),
        ("", "5", "Ange uppgiftens poäng (0 om inga poäng gavs)."),
        ("-1", "5", "field-error"),
        ("5", "11", "Gränsen för godkänt kan inte vara högre än alla uppgifters poäng"),
        ("5", "", "Ange gränsen för godkänt för hela provet."),
    ]:
        page = client.post(url, data={f"item-{item.id}": score, f"pass-{unit.id}": mark})
        assert page.status_code == 200 and message in page.get_data(as_text=True), message
    assert count(CriterionResult) == 0
    assert db.session.get(Assessment, test.id).status is AssessmentStatus.PLANNED


def test_item_pages_are_only_for_the_tests_assessor(client, world, case, test, unit, make_user):
    add_item(test, unit, "1", 10, unit.criteria[:1])
    [item] = test.unit_row(unit.id).items
    practical = plan(case, world["assessor"], [unit])
    urls = [
        f"/assessments/{test.id}/units/{unit.id}/items",
        f"/assessments/{test.id}/items/{item.id}/edit",
    ]
    for user in (make_user(Role.ASSESSOR, municipality=world.home), world["verifier"]):
        client.login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.email, url)
        assert client.post(f"/assessments/{test.id}/items/{item.id}/remove").status_code == 404
    client.login(world["coach"])
    assert client.get(urls[0]).status_code == 403
    client.login(world["assessor"])
    assert client.get(f"/assessments/{practical.id}/units/{unit.id}/items").status_code == 404
    assert client.get(f"/assessments/{practical.id}/items/{item.id}/edit").status_code == 404
    assert client.get(f"/assessments/{test.id}/units/999999999/items").status_code == 404
    assert count(ExamItem) == 1


def test_the_assessor_changes_and_removes_items(client, world, test, unit):
    c = unit.criteria
    add_item(test, unit, "1", 10, c[:1])
    add_item(test, unit, "2", 10, c[1:2])
    first, second = test.unit_row(unit.id).items
    record_items(test, {first: 6, second: 7}, {unit.id: 12})
    client.login(world["assessor"])
    edit = f"/assessments/{test.id}/items/{first.id}/edit"
    assert 'value="1"' in client.get(edit).get_data(as_text=True)
    page = client.post(edit, data=item_form(unit, max_points="5"))
    assert "ändra poängen först" in page.get_data(as_text=True)
    stricter = item_form(unit, label="1a", pass_mark="8")
    assert client.post(edit, data=stricter).status_code == 302
    db.session.expire_all()
    assessment = db.session.get(Assessment, test.id)
    assert assessment.status is AssessmentStatus.RECORDED  # derived again from the scores
    assert assessment.result_for(c[0].id).result is Result.NOT_MET
    remove = f"/assessments/{test.id}/items/{second.id}/remove"
    page = client.post(remove, follow_redirects=True).get_data(as_text=True)
    assert "registrera resultaten för den här enheten igen" in page
    assessment = db.session.get(Assessment, test.id)
    assert [i.label for i in assessment.unit_row(unit.id).items] == ["1a"]
    assert assessment.status is AssessmentStatus.PLANNED  # the pass mark 12 > the 10 points left
    assert assessment.results == []


def test_posts_to_the_items_of_a_decided_test_change_nothing(client, world, test, unit):
    c = unit.criteria
    add_item(test, unit, "1", 10, c)
    [item] = test.unit_row(unit.id).items
    record_items(test, {item: 9}, {unit.id: 6})
    decide_all(test)
    db.session.commit()
    before = snapshot()
    client.login(world["assessor"])
    base = f"/assessments/{test.id}"
    posts = [
        (f"{base}/units/{unit.id}/items", item_form(unit, label="2")),
        (f"{base}/items/{item.id}/edit", item_form(unit, label="1", pass_mark="10")),
        (f"{base}/items/{item.id}/remove", {}),
        (f"{base}/results", {f"item-{item.id}": "0", f"pass-{unit.id}": "10"}),
    ]
    for url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code == 302, url
    assert snapshot() == before


def test_a_unit_scored_as_a_whole_keeps_its_fields_and_labels(client, world, test, unit):
    client.login(world["assessor"])
    url = f"/assessments/{test.id}/results"
    page = client.get(url).get_data(as_text=True)
    for name in (f"score-{unit.id}", f"pass-{unit.id}", f"max-{unit.id}"):
        assert f'name="{name}"' in page
    for label in ("Poäng", "Gräns för godkänt", "Maxpoäng", "Ingick inte i provet"):
        assert label in page
    data = {f"score-{unit.id}": "16", f"pass-{unit.id}": "14", f"max-{unit.id}": "20"}
    data |= {f"criterion-{c.id}": "met" for c in unit.criteria}
    assert client.post(url, data=data).status_code == 302
    row = db.session.get(Assessment, test.id).unit_row(unit.id)
    assert row.passed is True and count(ExamItem) == 0
