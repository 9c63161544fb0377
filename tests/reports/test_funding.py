"""Funding projects, managed by administrators, and cases tagged with them from the case page."""

from __future__ import annotations

import html
from datetime import date

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.extensions import db
from app.reports.models import FundingParticipation, FundingProject
from tests.cases.factories import make_case
from tests.reports import factories as f


def english(client):
    client.post("/language", data={"language": "en", "next": "/"})


def _form(**overrides) -> dict:
    data = {
        "name": "Validering i länet",
        "code": "2024/00999",
        "is_esf": "y",
        "owner": "region",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
    }
    return {**data, **overrides}


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_an_administrator_adds_and_changes_a_project(client, world):
    client.login(world["admin"])
    response = client.post("/reports/projects/new", data=_form())
    assert response.status_code == 302
    project = db.session.scalar(sa.select(FundingProject))
    assert (project.region_id, project.municipality_id, project.is_esf) == (
        world.region.id,
        None,
        True,
    )
    response = client.post(
        f"/reports/projects/{project.id}", data=_form(owner="municipality", is_esf="")
    )
    assert response.status_code == 302
    db.session.refresh(project)
    assert (project.municipality_id, project.region_id, project.is_esf) == (
        world.home.id,
        None,
        False,
    )
    assert "Validering i länet" in client.get("/reports/projects").get_data(as_text=True)
    assert _count(AuditEvent) >= 2


def test_a_refused_project_form_says_why_and_stores_nothing(client, world):
    f.project("2024/00999", municipality=world.home)
    client.login(world["admin"])
    english(client)
    cases = [
        (_form(), "Another project already has this identity."),
        (_form(code="2024/01000", ends_on="2024-01-01"), "The end date cannot be before"),
        (_form(code="a b c"), "Use letters, digits"),
        (_form(code="2024/01000", owner="elsewhere"), "Not a valid choice"),
        (_form(code="2024/01000", name=""), "This field is required"),
    ]
    for data, message in cases:
        page = client.post("/reports/projects/new", data=data)
        assert page.status_code == 200
        assert message in page.get_data(as_text=True)
    assert _count(FundingProject) == 1


def test_projects_of_another_municipality_are_not_found(client, world):
    theirs = f.project("GRANN-1", municipality=world.other)
    ours = f.project("REGION-1", region=world.region)
    client.login(world["admin"])
    assert client.get(f"/reports/projects/{theirs.id}").status_code == 404
    assert client.get(f"/reports/projects/{ours.id}").status_code == 200
    assert client.get("/reports/projects/2147483648").status_code == 404
    listed = client.get("/reports/projects").get_data(as_text=True)
    assert "GRANN-1" not in listed and "REGION-1" in listed
    client.logout()
    client.login(world["coach"])
    assert client.get(f"/reports/projects/{ours.id}").status_code == 403
    assert client.get("/reports/projects").status_code == 403


def test_the_assigned_coach_tags_a_case_with_a_project(client, world):
    project = f.project("2024/00123", region=world.region)
    f.project("GRANN-1", municipality=world.other)
    case = make_case(world["coach"])
    client.login(world["coach"])
    english(client)
    page = client.get(f"/reports/cases/{case.id}/funding").get_data(as_text=True)
    assert "2024/00123" in page and "GRANN-1" not in page  # only the case's own and region's
    response = client.post(
        f"/reports/cases/{case.id}/funding",
        data={"project": str(project.id), "starts_on": "2026-02-01", "ends_on": ""},
    )
    assert response.status_code == 302
    tag = db.session.scalar(sa.select(FundingParticipation))
    assert (tag.case_id, str(tag.starts_on), tag.ends_on) == (case.id, "2026-02-01", None)
    assert (
        db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "funding.tagged")
        ).participant_id
        == case.participant_id
    )
    response = client.post(f"/reports/participations/{tag.id}/end", data={"ends_on": "2026-05-31"})
    assert response.status_code == 302
    db.session.refresh(tag)
    assert str(tag.ends_on) == "2026-05-31"
    assert client.post(f"/reports/participations/{tag.id}/delete").status_code == 302
    assert _count(FundingParticipation) == 0


def test_a_refused_tag_says_why_and_stores_nothing(client, world):
    project = f.project("2024/00123", region=world.region, starts="2026-01-01", ends="2026-12-31")
    theirs = f.project("GRANN-1", municipality=world.other)
    case = make_case(world["coach"])
    f.participation(make_case(world["coach"]), project, "2026-01-01")
    client.login(world["coach"])
    english(client)
    url = f"/reports/cases/{case.id}/funding"
    cases = [
        ({"project": str(project.id), "starts_on": "2025-06-01"}, "outside the project's period"),
        ({"project": str(project.id), "starts_on": "2026-03-01", "ends_on": "2026-02-01"},
         "cannot be before the start date"),
        ({"project": str(theirs.id), "starts_on": "2026-03-01"}, "Not a valid choice"),
        ({"project": "", "starts_on": "2026-03-01"}, "This field is required"),
        ({"project": "99999999999", "starts_on": "2026-03-01"}, "Not a valid choice"),
        ({"project": str(project.id), "starts_on": "not a date"}, "Not a valid date value"),
    ]  # fmt: skip
    for data, message in cases:
        page = client.post(url, data=data)
        assert page.status_code == 200
        # what the page says (a refusal's words are escaped: "project's" is "project&#39;s")
        assert message in html.unescape(page.get_data(as_text=True)), message
    assert _count(FundingParticipation) == 1
    client.post(url, data={"project": str(project.id), "starts_on": "2026-03-01"})
    page = client.post(url, data={"project": str(project.id), "starts_on": "2026-04-01"})
    assert "already takes part in this project" in page.get_data(as_text=True)
    assert _count(FundingParticipation) == 2


def _error_at(page, name: str) -> str:
    """The words shown at the field `name` of a page, unescaped."""
    text = html.unescape(page.get_data(as_text=True))
    start = text.find(f'id="{name}-error"')
    return text[start : text.find("</p>", start)] if start >= 0 else ""


def test_a_refused_end_says_why_at_the_end_date(client, world):
    project = f.project("2024/00123", region=world.region, starts="2026-01-01", ends="2026-12-31")
    tag = f.participation(make_case(world["coach"]), project, "2026-03-01")
    client.login(world["coach"])
    english(client)
    url = f"/reports/participations/{tag.id}/end"
    cases = [
        ("2026-02-01", "The end date cannot be before the start date."),
        ("2027-02-01", "The end date is outside the project's period."),
    ]
    for ends_on, message in cases:
        page = client.post(url, data={"ends_on": ends_on})
        assert page.status_code == 200 and message in _error_at(page, "ends_on")
    project.starts_on = date(2026, 4, 1)  # the period changed after the case was tagged
    db.session.flush()
    page = client.post(url, data={"ends_on": "2026-05-01"})
    assert "The start date is outside the project's period." in _error_at(page, "ends_on")
    assert tag.ends_on is None


def test_who_may_see_and_tag_a_case(client, world):
    project = f.project("2024/00123", region=world.region)
    case = make_case(world["coach"])
    tag = f.participation(case, project, "2026-01-01")
    url = f"/reports/cases/{case.id}/funding"
    data = {"project": str(project.id), "starts_on": "2026-02-01"}
    expected = {
        "coach2": (200, 404),  # a colleague sees, only the assigned coach changes
        "admin": (200, 200),
        "other_coach": (404, 404),
        "regional": (403, 403),
        "assessor": (403, 403),
        "employer": (403, 403),
    }
    for key, (see, change) in expected.items():
        client.login(world[key])
        assert client.get(url).status_code == see, key
        assert client.post(url, data=data).status_code in (
            {change} if change != 200 else {200, 302}
        ), key
        end = client.post(f"/reports/participations/{tag.id}/end", data={"ends_on": "2026-03-01"})
        assert end.status_code == (302 if change == 200 else change), key
        client.logout()
    client.login(world["coach"])
    assert client.get("/reports/cases/99999999/funding").status_code == 404
    assert client.post("/reports/participations/99999999/delete").status_code == 404


def test_the_case_page_links_to_its_funding_projects(client, world):
    case = make_case(world["coach"])
    client.login(world["coach"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'href="/reports/cases/{case.id}/funding"' in page


def test_a_protected_name_is_shown_only_to_the_assigned_coach(client, world):
    from tests.cases.factories import make_participant

    person = make_participant(world.home, first_name="Hemlig", last_name="Skyddadsson")
    person.is_protected = True
    case = make_case(world["coach"], person)
    client.login(world["coach"])
    assert "Skyddadsson" in client.get(f"/reports/cases/{case.id}/funding").get_data(as_text=True)
    client.logout()
    client.login(world["coach2"])
    assert "Skyddadsson" not in client.get(f"/reports/cases/{case.id}/funding").get_data(
        as_text=True
    )
    viewed = db.session.scalars(
        sa.select(AuditEvent.participant_id).where(AuditEvent.action == "funding.viewed")
    ).all()
    assert viewed == [person.id, person.id]


def test_a_refusal_names_its_code_and_the_field_it_belongs_at(world):
    from app.refusals import Refused
    from app.reports.services import save_project
    from app.reports.vocab import Refusal

    f.project("ESF-2024/123", region=world.region)
    with pytest.raises(Refused) as refused:
        save_project(None, {"code": "esf-2024/123"}, world["admin"])
    assert refused.value.codes == (Refusal.PROJECT_CODE_TAKEN,)
    assert refused.value.field == "code"
