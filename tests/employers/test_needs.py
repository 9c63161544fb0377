"""Competence needs and the contact log over HTTP: who may do what, and bad input."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.employers.models import CompetenceNeed, EmployerContact
from app.employers.vocab import NeedStatus
from app.extensions import db
from tests.employers.factories import make_need
from tests.frameworks.factories import make_framework


def need_form(world, units, **overrides) -> dict:
    data = {
        "title": "Truckförare till lagret",
        "required": [str(units["Truck A"].id), str(units["Truck B"].id)],
        "desired": [str(units["Arbetsmiljö"].id)],
        "min_level": "",
        "municipality_id": str(world.home.id),
        "positions": "2",
        "starts_on": "2027-02-01",
        "form": "fixed_term",
        "working_hours": "Vardagar 07–16",
        "ssyk_code": "8332",
        "adaptations_offered": "Introduktion med fadder",
        "description": "",
    }
    data.update(overrides)
    return data


def test_an_employer_describes_a_need_of_its_own(client, world, units):
    client.login(world["employer"])
    response = client.post(
        f"/employers/{world.employer.id}/needs/new", data=need_form(world, units)
    )
    assert response.status_code == 302
    need = db.session.scalar(sa.select(CompetenceNeed))
    assert need.employer_id == world.employer.id
    assert [u.title for u in need.required_units] == ["Truck A", "Truck B"]
    assert [u.title for u in need.desired_units] == ["Arbetsmiljö"]
    assert need.positions == 2 and need.status is NeedStatus.OPEN
    assert db.session.scalar(
        sa.select(AuditEvent.id).where(AuditEvent.action == "employers.need_saved")
    )


def test_a_coach_enters_a_need_on_the_employers_behalf(client, world, units):
    client.login(world["other_coach"])  # same region as the employer
    response = client.post(
        f"/employers/{world.employer.id}/needs/new", data=need_form(world, units)
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(CompetenceNeed.created_by_id)) == world["other_coach"].id


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "x" * 201),
        ("title", "Lager\x00arbetare"),
        ("positions", "0"),
        ("positions", "-5"),
        ("positions", "abc"),
        ("positions", "1e9"),
        ("ssyk_code", "83A2"),
        ("starts_on", "2027-13-45"),
        ("starts_on", "1066-10-14"),
        ("form", "slavery"),
        ("min_level", "level9"),
        ("municipality_id", "999999"),
        ("municipality_id", "<script>"),
        ("required", ["999999"]),
        ("required", ["abc"]),
        ("working_hours", "x" * 201),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_stored(
    client, world, units, field, value
):
    client.login(world["employer"])
    data = need_form(world, units, **{field: value})
    response = client.post(f"/employers/{world.employer.id}/needs/new", data=data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CompetenceNeed.id))) == 0


def test_a_unit_cannot_be_both_required_and_desired(client, world, units):
    client.login(world["employer"])
    data = need_form(world, units, desired=[str(units["Truck A"].id)])
    response = client.post(f"/employers/{world.employer.id}/needs/new", data=data)
    assert "En enhet kan inte vara både krävd och önskad." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CompetenceNeed.id))) == 0


def test_a_need_without_units_is_refused(client, world, units):
    client.login(world["employer"])
    data = need_form(world, units, required=[], desired=[])
    response = client.post(f"/employers/{world.employer.id}/needs/new", data=data)
    assert "Välj minst en krävd eller önskad enhet." in response.get_data(as_text=True)


def test_units_of_a_draft_framework_cannot_be_asked_for(client, world, units):
    from app.frameworks.vocab import FrameworkStatus
    from tests.frameworks.factories import make_framework

    draft = make_framework(FrameworkStatus.DRAFT)
    client.login(world["employer"])
    data = need_form(world, units, required=[str(draft.units[0].id)])
    response = client.post(f"/employers/{world.employer.id}/needs/new", data=data)
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(CompetenceNeed.id))) == 0


def test_employer_a_gets_404_on_employer_b_s_needs(client, world, units):
    theirs = make_need(world.other_employer, required=[units["Truck A"]])
    client.login(world["employer"])
    for url in (
        f"/employers/needs/{theirs.id}",
        f"/employers/needs/{theirs.id}/edit",
        f"/employers/needs/{theirs.id}/candidates",
        f"/employers/{world.other_employer.id}",
        f"/employers/{world.other_employer.id}/needs/new",
        "/employers/needs/999999",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/employers/needs/{theirs.id}/status", data={"status": "closed"})
    assert response.status_code == 404
    assert theirs.status is NeedStatus.OPEN


def test_a_coach_outside_the_region_gets_404(client, world, units, make_user):
    from app.vocab import Role

    far = make_user(Role.COACH, municipality=world.outside)
    need = make_need(world.employer, required=[units["Truck A"]])
    client.login(far)
    assert client.get(f"/employers/needs/{need.id}").status_code == 404
    assert client.get(f"/employers/{world.employer.id}").status_code == 404


def test_closing_and_reopening_a_need(client, world, units):
    need = make_need(world.employer, required=[units["Truck A"]])
    client.login(world["employer"])
    client.post(f"/employers/needs/{need.id}/status", data={"status": "closed"})
    assert need.status is NeedStatus.CLOSED
    refused = client.post(
        f"/employers/needs/{need.id}/status", data={"status": "filled"}, follow_redirects=True
    )
    assert "Behovet kan inte få den statusen." in refused.get_data(as_text=True)
    assert need.status is NeedStatus.CLOSED
    client.post(f"/employers/needs/{need.id}/status", data={"status": "open"})
    assert need.status is NeedStatus.OPEN


def test_editing_a_need_changes_its_units(client, world, units):
    need = make_need(world.employer, required=[units["Truck A"]])
    client.login(world["employer"])
    page = client.get(f"/employers/needs/{need.id}/edit").get_data(as_text=True)
    assert "Truck A" in page
    data = need_form(world, units, required=[str(units["Truck B"].id)], desired=[])
    assert client.post(f"/employers/needs/{need.id}/edit", data=data).status_code == 302
    assert [u.title for u in need.required_units] == ["Truck B"]
    assert need.desired_units == []


def test_a_post_without_csrf_token_is_refused(client, world, units):
    client.login(world["employer"])
    response = client.post(
        f"/employers/{world.employer.id}/needs/new", data=need_form(world, units), csrf=False
    )
    assert response.status_code == 400


def contact_form(**overrides) -> dict:
    data = {
        "kind": "business_breakfast",
        "occurred_on": "2026-10-02",
        "attendees": "Johan Berglund (vd), Karin Lindqvist",
        "notes": "Behöver två truckförare till våren.",
        "follow_up_on": "2026-11-01",
        "follow_up": "Skicka profiler",
    }
    return {**data, **overrides}


def test_the_coach_logs_contacts_which_employers_never_see(client, world):
    client.login(world["coach"])
    response = client.post(f"/employers/{world.employer.id}/contacts/new", data=contact_form())
    assert response.status_code == 302
    contact = db.session.scalar(sa.select(EmployerContact))
    assert contact.coach_id == world["coach"].id and contact.follow_up == "Skicka profiler"
    page = client.get(f"/employers/{world.employer.id}").get_data(as_text=True)
    assert "Behöver två truckförare till våren." in page
    client.logout()
    client.login(world["employer"])
    page = client.get(f"/employers/{world.employer.id}").get_data(as_text=True)
    assert "Behöver två truckförare" not in page
    assert client.get(f"/employers/{world.employer.id}/contacts/new").status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [("occurred_on", "2999-01-01"), ("notes", ""), ("kind", "bribe"), ("attendees", "")],
)
def test_a_bad_contact_is_refused(client, world, field, value):
    client.login(world["coach"])
    response = client.post(
        f"/employers/{world.employer.id}/contacts/new", data=contact_form(**{field: value})
    )
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(EmployerContact.id))) == 0


def test_staff_list_the_employers_of_their_region(client, world, make_user):
    from app.organisations.models import Employer

    far_away = Employer(name="Fjärran AB", org_number="5560000001", municipality=world.outside)
    db.session.add(far_away)
    db.session.flush()
    client.login(world["coach"])
    page = client.get("/employers/").get_data(as_text=True)
    assert "Arbetsgivare A AB" in page and "Arbetsgivare B AB" in page
    assert "Fjärran AB" not in page


def test_an_employer_is_taken_to_its_own_page(client, world):
    client.login(world["employer"])
    response = client.get("/employers/")
    assert response.status_code == 302
    assert response.location.endswith(f"/employers/{world.employer.id}")


def test_the_need_form_offers_the_units_as_ticks_grouped_by_framework_and_level(
    client, world, units
):
    client.login(world["employer"])
    page = client.get(f"/employers/{world.employer.id}/needs/new").get_data(as_text=True)
    assert "Ctrl" not in page and "<select multiple" not in page
    truck = units["Truck A"]
    assert f'id="required-{truck.id}"' in page and f'id="desired-{truck.id}"' in page
    assert '<details class="unit-group" open>' in page  # the only framework is open
    assert 'class="unit-level"' in page and 'data-unit-filter="unit-groups" hidden' in page


def test_of_several_frameworks_only_those_with_chosen_units_are_open_and_say_how_many(
    client, world, units
):
    """The chooser folds a framework none of whose units is chosen; a refused form opens all."""
    make_framework(units=2, name="Lokalvård")
    need = make_need(world.employer, required=[units["Truck A"]], desired=[units["Arbetsmiljö"]])
    client.login(world["employer"])
    page = client.get(f"/employers/needs/{need.id}/edit").get_data(as_text=True)
    groups = re.findall(r'<details class="unit-group"( open)?>\s*<summary>(.*?)</summary>', page)
    assert [(is_open, re.sub(r"<[^>]*>", "", text).split()) for is_open, text in groups] == [
        (" open", ["Lager", "version", "1", "(2", "enheter", "valda)"]),
        ("", ["Lokalvård", "version", "1"]),
    ]
    data = need_form(world, units, title="")
    page = client.post(f"/employers/needs/{need.id}/edit", data=data).get_data(as_text=True)
    assert page.count('<details class="unit-group" open>') == 2


def test_a_unit_ticked_both_required_and_desired_is_refused_at_the_units(client, world, units):
    client.login(world["employer"])
    truck = str(units["Truck A"].id)
    data = need_form(world, units, required=[truck], desired=[truck])
    response = client.post(f"/employers/{world.employer.id}/needs/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "En enhet kan inte vara både krävd och önskad." in page  # Swedish first
    assert f'<input checked id="required-{truck}"' in page  # what was ticked stays ticked
    assert db.session.scalar(sa.select(CompetenceNeed.id)) is None
