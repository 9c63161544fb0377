"""The coach's feed also holds the meetings of the summonses of their cases (a summons to a
planned assessment as that assessment's event, the latest one only) and the follow-ups of their
cases' placements; the number of SQL statements of a feed does not grow with its events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from app.assessments.services.planning import cancel_assessment
from app.cases.models import Summons
from app.cases.vocab import SummonsDelivery, SummonsPurpose
from app.db import utcnow
from app.employers.models import Placement, PlacementFollowUp
from app.employers.vocab import FollowUpPoint, PlacementForm, PlacementOutcome
from app.extensions import db
from benchmarks.measure import QueryCounter
from tests.assessments.factories import plan
from tests.calendar.test_feed import _events, _turn_on
from tests.cases.factories import make_case, make_participant
from tests.clock import days
from tests.frameworks.factories import make_framework


def _at(day: int, hour: int) -> datetime:
    return datetime.combine(days(day), datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)


def summon(case, starts_at, *, purpose=SummonsPurpose.MEETING, assessment=None, place=None):
    """A summons as the summons service stores it (printed), with free text that never goes
    into a calendar."""
    summons = Summons(
        case=case,
        purpose=purpose,
        assessment=assessment,
        delivery=SummonsDelivery.PRINTED,
        starts_at=starts_at,
        place=place or "Storgatan 1, rum 4",
        bring="Legitimation och betyg",
        contact_name="Kim Coach",
        note="Ring Amina innan",
        language="sv",
        sent_by=case.coach,
    )
    db.session.add(summons)
    db.session.flush()
    return summons


def place(case, employer, *, starts_on, ended_on=None):
    """A placement of the case with its 4-week and 6-month follow-ups."""
    placement = Placement(
        case=case,
        participant_id=case.participant_id,
        employer=employer,
        form=PlacementForm.WORK_TRIAL,
        starts_on=starts_on,
        hours_per_week=20,
        supervisor_name="Handledare Hansson",
        ended_on=ended_on,
        outcome=PlacementOutcome.EMPLOYED if ended_on else None,
    )
    placement.follow_ups = [
        PlacementFollowUp(point=FollowUpPoint.WEEKS_4, due_on=starts_on + timedelta(weeks=4)),
        PlacementFollowUp(point=FollowUpPoint.MONTHS_6, due_on=starts_on + timedelta(days=182)),
    ]
    db.session.add(placement)
    db.session.flush()
    return placement


@pytest.fixture
def case(world):
    amina = make_participant(world.home, first_name="Amina", last_name="Hassan")
    return make_case(world["coach"], amina)


@pytest.fixture
def unit():
    return make_framework(units=1, outcomes=1, criteria=1).units[0]


def test_a_meeting_is_a_timed_event_with_its_place_and_nothing_else(client, world, case):
    meeting = summon(case, _at(5, 8), place="Storgatan 1, hos 850412-1234")
    events = _events(client, _turn_on(client, world["coach"]))
    event = events[f"summons-{meeting.id}@localhost"]
    assert str(event["summary"]) == f"Möte, ärende #{case.id}"
    assert event.decoded("dtstart") == _at(5, 8) and event.decoded("dtend") == _at(5, 9)
    assert str(event["location"]) == "Storgatan 1, hos …"
    assert str(event["description"]) == f"http://localhost/cases/{case.id}"
    assert str(event["transp"]) == "OPAQUE"
    body = client.get(_turn_on(client, world["coach"])).get_data(as_text=True)
    for secret in ("Legitimation", "Ring", "Amina", "Hassan", "Kim Coach", "1234"):
        assert secret not in body


def test_a_summons_to_an_assessment_without_a_planned_one_is_an_assessment_event(
    client, world, case
):
    summons = summon(case, _at(6, 9), purpose=SummonsPurpose.ASSESSMENT)
    events = _events(client, _turn_on(client, world["coach"]))
    assert str(events[f"summons-{summons.id}@localhost"]["summary"]) == (
        f"Bedömning, ärende #{case.id}"
    )


def test_the_latest_summons_to_a_planned_assessment_is_its_one_event(client, world, case, unit):
    assessment = plan(case, world["assessor"], [unit])
    first = summon(case, _at(7, 7), purpose=SummonsPurpose.ASSESSMENT, assessment=assessment)
    latest = summon(case, _at(7, 11), purpose=SummonsPurpose.ASSESSMENT, assessment=assessment)
    path = _turn_on(client, world["coach"])
    events = _events(client, path)
    assert f"summons-{first.id}@localhost" not in events
    event = events[f"summons-{latest.id}@localhost"]
    assert str(event["summary"]) == f"Praktisk bedömning, ärende #{case.id}"
    assert event.decoded("dtstart") == _at(7, 11) and str(event["status"]) == "CONFIRMED"
    before = int(event["sequence"])
    cancel_assessment(assessment, "Sjuk", world["coach"])
    event = _events(client, path)[f"summons-{latest.id}@localhost"]
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) > before
    client.logout()
    assessor = _events(client, _turn_on(client, world["assessor"]))
    assert set(assessor) == {f"assessment-{assessment.id}@localhost"}  # not the summonses


def test_placement_follow_ups_are_all_day_a_done_one_marked_and_an_ended_ones_left_out(
    client, world, case
):
    running = place(case, world.employer, starts_on=days(-7))
    ended = place(case, world.employer, starts_on=days(-14), ended_on=days(-1))
    weeks, months = running.follow_ups
    ended_weeks, ended_months = ended.follow_ups
    ended_weeks.done_at = utcnow()
    db.session.flush()
    path = _turn_on(client, world["coach"])
    events = _events(client, path)
    placement_events = {uid for uid in events if uid.startswith("placement-follow-up-")}
    assert placement_events == {
        f"placement-follow-up-{item.id}@localhost" for item in (weeks, months, ended_weeks)
    }
    event = events[f"placement-follow-up-{weeks.id}@localhost"]
    assert str(event["summary"]) == f"Uppföljning av placering, ärende #{case.id}"
    assert event.decoded("dtstart") == weeks.due_on and str(event["transp"]) == "TRANSPARENT"
    done = events[f"placement-follow-up-{ended_weeks.id}@localhost"]
    assert str(done["summary"]).endswith("(klar)")
    before = int(event["sequence"])
    weeks.done_at = utcnow()
    db.session.flush()
    event = _events(client, path)[f"placement-follow-up-{weeks.id}@localhost"]
    assert int(event["sequence"]) > before and str(event["summary"]).endswith("(klar)")
    assert "Handledare" not in client.get(path).get_data(as_text=True)


def test_another_coachs_meetings_and_placements_are_not_in_the_feed(client, world, case):
    summon(case, _at(5, 8))
    place(case, world.employer, starts_on=days(-7))
    events = _events(client, _turn_on(client, world["coach2"]))
    assert events == {}


def test_the_feed_in_english(client, world, case):
    world["coach"].locale = "en"
    meeting = summon(case, _at(5, 8))
    running = place(case, world.employer, starts_on=days(-7))
    events = _events(client, _turn_on(client, world["coach"]))
    assert str(events[f"summons-{meeting.id}@localhost"]["summary"]) == f"Meeting, case #{case.id}"
    uid = f"placement-follow-up-{running.follow_ups[0].id}@localhost"
    assert str(events[uid]["summary"]) == f"Follow-up of placement, case #{case.id}"


def _add_work(world, case, unit, n: int) -> None:
    """`n` of each kind of event for the coach (and `n` assessments for the assessor)."""
    for i in range(n):
        assessment = plan(case, world["assessor"], [unit], scheduled_on=days(3 + i))
        summon(case, _at(3 + i, 9), purpose=SummonsPurpose.ASSESSMENT, assessment=assessment)
        summon(case, _at(3 + i, 13))
        place(case, world.employer, starts_on=days(i))


def _statements(app, client, path) -> tuple[int, int]:
    """The statements of one fetch of the feed, and its events; as a new request would, it
    finds no row already loaded."""
    db.session.expire_all()
    counter = QueryCounter(db.engine)
    try:
        response = client.get(path)
    finally:
        counter.close()
    assert response.status_code == 200
    return len(counter.statements), len(icalendar.Calendar.from_ical(response.data).walk("VEVENT"))


@pytest.mark.parametrize("who", ["coach", "assessor"])
def test_the_queries_of_a_feed_do_not_grow_with_its_events(app, client, world, case, unit, who):
    path = _turn_on(client, world[who])
    client.logout()
    _add_work(world, case, unit, 1)
    few, few_events = _statements(app, client, path)
    _add_work(world, case, unit, 6)
    many, many_events = _statements(app, client, path)
    assert many_events > few_events
    assert many == few, (few, many)
