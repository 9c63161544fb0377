"""Placements: the case becomes placed, follow-ups are planned, the need fills, the case closes."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.cases.vocab import Outcome
from app.cases.workflow import Stage
from app.employers.matching import Evidence as E
from app.employers.models import Placement
from app.employers.services.placements import add_months, follow_up_dates
from app.employers.vocab import FollowUpPoint, NeedStatus, PlacementOutcome
from app.extensions import db
from tests.employers.factories import make_need


@pytest.fixture
def need(world, units):
    return make_need(world.employer, required=[units["Truck A"]], positions=1)


@pytest.fixture
def placed_case(units, candidate):
    _participant, case = candidate(evidence={units["Truck A"]: E.CERTIFIED})
    return case


def placement_form(world, need, **overrides) -> dict:
    data = {
        "employer_id": str(world.employer.id),
        "need_id": str(need.id),
        "form": "fixed_term",
        "starts_on": "2026-09-01",
        "ends_on": "2027-02-28",
        "hours_per_week": "40",
        "supervisor_name": "Johan Berglund",
        "supervisor_contact": "070-1234567",
        "agreed_adaptations": "Skriftliga instruktioner",
    }
    return {**data, **overrides}


def test_follow_ups_are_four_weeks_and_six_months_after_the_start():
    assert follow_up_dates(date(2026, 8, 31)) == {
        FollowUpPoint.WEEKS_4: date(2026, 9, 28),
        FollowUpPoint.MONTHS_6: date(2027, 2, 28),
    }
    assert add_months(date(2026, 12, 15), 6) == date(2027, 6, 15)


def test_a_placement_places_the_case_and_fills_the_need(client, world, need, placed_case):
    client.login(world["coach"])
    response = client.post(
        f"/employers/cases/{placed_case.id}/placements/new", data=placement_form(world, need)
    )
    assert response.status_code == 302
    placement = db.session.scalar(sa.select(Placement))
    assert placed_case.stage is Stage.PLACED
    assert [f.point for f in placement.follow_ups] == [
        FollowUpPoint.WEEKS_4,
        FollowUpPoint.MONTHS_6,
    ]
    assert need.status is NeedStatus.FILLED
    page = client.get(f"/employers/placements/{placement.id}").get_data(as_text=True)
    assert "Johan Berglund" in page and "Skriftliga instruktioner" in page


def test_the_next_step_form_cannot_place_a_case_without_a_placement(
    client, world, need, placed_case
):
    client.login(world["coach"])
    page = client.get(f"/cases/{placed_case.id}").get_data(as_text=True)
    assert 'value="placed"' not in page
    assert "från kandidatlistan" in page
    refused = client.post(
        f"/cases/{placed_case.id}/move",
        data={"to": "placed", "version": placed_case.version, "reason": "Anställd"},
    )
    assert refused.status_code == 302
    assert placed_case.stage is Stage.MATCHING
    client.post(
        f"/employers/cases/{placed_case.id}/placements/new", data=placement_form(world, need)
    )
    assert placed_case.stage is Stage.PLACED


def test_a_placement_needs_a_case_in_matching(client, world, need, placed_case):
    placed_case.stage = Stage.CERTIFIED
    db.session.flush()
    client.login(world["coach"])
    client.post(
        f"/employers/cases/{placed_case.id}/placements/new", data=placement_form(world, need)
    )
    assert db.session.scalar(sa.select(Placement)) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ends_on", "2026-08-01"),
        ("hours_per_week", "0"),
        ("hours_per_week", "99"),
        ("supervisor_name", ""),
        ("form", "slavery"),
        ("employer_id", "999999"),
        ("need_id", "999999"),
    ],
)
def test_a_bad_placement_is_refused(client, world, need, placed_case, field, value):
    client.login(world["coach"])
    response = client.post(
        f"/employers/cases/{placed_case.id}/placements/new",
        data=placement_form(world, need, **{field: value}),
    )
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Placement)) is None
    assert placed_case.stage is Stage.MATCHING


def test_a_need_of_another_employer_is_refused(client, world, units, placed_case):
    theirs = make_need(world.other_employer, required=[units["Truck A"]])
    client.login(world["coach"])
    response = client.post(
        f"/employers/cases/{placed_case.id}/placements/new",
        data=placement_form(world, theirs),
    )
    assert 'id="need_id-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Placement)) is None


def test_follow_up_then_employment_closes_the_case(client, world, need, placed_case):
    client.login(world["coach"])
    client.post(
        f"/employers/cases/{placed_case.id}/placements/new", data=placement_form(world, need)
    )
    placement = db.session.scalar(sa.select(Placement))
    first = placement.follow_ups[0]
    url = f"/employers/placements/{placement.id}/follow-ups/{first.id}"
    bad = client.post(url, data={"notes": "Glömde svara"})
    assert bad.status_code == 200 and first.done_at is None
    assert client.post(url, data={"still_in_place": "yes", "notes": "Trivs"}).status_code == 302
    assert first.done_at is not None and first.still_in_place is True
    client.post(url, data={"still_in_place": "no"})
    assert first.still_in_place is True  # recorded once
    response = client.post(
        f"/employers/placements/{placement.id}/end",
        data={"outcome": "employed", "ended_on": "2026-11-20", "close_case": "y"},
    )
    assert response.status_code == 302
    assert placement.outcome is PlacementOutcome.EMPLOYED
    assert placed_case.stage is Stage.CLOSED and placed_case.outcome is Outcome.EMPLOYED


def test_ending_early_returns_the_case_to_matching(client, world, need, placed_case):
    client.login(world["coach"])
    client.post(
        f"/employers/cases/{placed_case.id}/placements/new", data=placement_form(world, need)
    )
    placement = db.session.scalar(sa.select(Placement))
    bad = client.post(
        f"/employers/placements/{placement.id}/end",
        data={"outcome": "ended_early", "ended_on": "2026-08-01"},
    )
    assert bad.status_code == 302 and placement.is_active  # before the start: refused
    page = client.get(bad.headers["Location"]).get_data(as_text=True)
    assert "Placeringen kan inte sluta innan den har börjat." in page
    client.post(
        f"/employers/placements/{placement.id}/end",
        data={"outcome": "ended_early", "ended_on": "2026-10-10"},
    )
    assert not placement.is_active and placed_case.stage is Stage.MATCHING


def test_placements_are_for_the_case_s_staff(client, world, need, placed_case):
    client.login(world["other_coach"])
    url = f"/employers/cases/{placed_case.id}/placements/new"
    assert client.get(url).status_code == 404
    client.logout()
    client.login(world["employer"])
    assert client.get(url).status_code == 403


def test_the_placement_ends_even_when_the_case_cannot_return_to_matching(
    client, world, need, placed_case
):
    from app.cases.vocab import ConsentKind
    from tests.cases.factories import give_consent

    client.login(world["coach"])
    client.post(
        f"/employers/cases/{placed_case.id}/placements/new", data=placement_form(world, need)
    )
    placement = db.session.scalar(sa.select(Placement))
    give_consent(placed_case.participant, ConsentKind.EMPLOYERS, world["coach"], given=False)
    response = client.post(
        f"/employers/placements/{placement.id}/end",
        data={"outcome": "completed", "ended_on": "2026-10-10"},
        follow_redirects=True,
    )
    assert "Ärendet kunde inte byta steg" in response.get_data(as_text=True)
    assert not placement.is_active and placed_case.stage is Stage.PLACED
