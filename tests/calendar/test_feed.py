"""The calendar feed: the page that turns it on, renews it and turns it off, and the feed."""

from __future__ import annotations

import hashlib
import re

import icalendar
import pytest
import sqlalchemy as sa

from app.assessments.services.planning import cancel_assessment
from app.audit import AuditEvent
from app.calendar.models import CalendarFeed
from app.cases.services.work import add_follow_up, complete_follow_up
from app.cases.workflow import Stage
from app.extensions import db
from tests.assessments.factories import plan
from tests.cases.factories import make_case, make_participant
from tests.clock import days
from tests.frameworks.factories import make_framework

FEED_URL = re.compile(r'value="http://[^"]+(/calendar/([^"/]+)\.ics)"')


@pytest.fixture
def framework():
    return make_framework(units=1, outcomes=1, criteria=1)


@pytest.fixture
def work(world, framework):
    """A case of `coach` with a follow-up and an assessment by `assessor`; a case of `coach2`
    (protected identity) with a follow-up and an assessment by `verifier`."""
    amina = make_participant(world.home, first_name="Amina", last_name="Hassan")
    case = make_case(world["coach"], amina, stage=Stage.ASSESSMENT)
    hidden = make_participant(world.home, first_name="Sara", last_name="Skyddad", is_protected=True)
    other = make_case(world["coach2"], hidden, stage=Stage.ASSESSMENT)
    unit = framework.units[0]
    return {
        "case": case,
        "other": other,
        "follow_up": add_follow_up(
            case, {"due_on": days(3), "purpose": "Ring Amina 19850412-1234"}, world["coach"]
        ),
        "other_follow_up": add_follow_up(
            other, {"due_on": days(4), "purpose": "Möte med Sara"}, world["coach2"]
        ),
        "assessment": plan(case, world["assessor"], [unit], place="Städcentralen"),
        "other_assessment": plan(other, world["verifier"], [unit], place="Skolan"),
    }


def _turn_on(client, user) -> str:
    """Log in as `user`, turn the feed on, and answer the path of its URL."""
    client.login(user)
    response = client.post("/account/calendar/renew")
    assert response.status_code == 201
    return FEED_URL.search(response.get_data(as_text=True)).group(1)


def _events(client, path: str) -> dict[str, icalendar.Event]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    parsed = icalendar.Calendar.from_ical(response.data)
    return {str(event["uid"]): event for event in parsed.walk("VEVENT")}


def test_a_coach_sees_the_follow_ups_of_their_own_cases_only(client, world, work):
    path = _turn_on(client, world["coach"])
    events = _events(client, path)
    assert set(events) == {f"follow-up-{work['follow_up'].id}@localhost"}
    event = events[f"follow-up-{work['follow_up'].id}@localhost"]
    assert str(event["summary"]) == f"Uppföljning, ärende #{work['case'].id}"
    assert event.decoded("dtstart") == days(3)


def test_an_assessor_sees_the_assessments_they_assess_only(client, world, work):
    path = _turn_on(client, world["assessor"])
    events = _events(client, path)
    assert set(events) == {f"assessment-{work['assessment'].id}@localhost"}
    event = events[f"assessment-{work['assessment'].id}@localhost"]
    assert str(event["location"]) == "Städcentralen"
    assert str(event["status"]) == "CONFIRMED"


def test_the_feed_names_no_personal_number_and_no_protected_name(client, world, work):
    work["assessment"].place = "Hos 850412-1234 i Härnösand"
    db.session.flush()
    for name in ("coach", "coach2", "assessor", "verifier"):
        path = _turn_on(client, world[name])
        body = client.get(path).get_data(as_text=True)
        client.logout()
        for participant in (work["case"].participant, work["other"].participant):
            assert participant.personal_number not in body
            assert participant.personal_number[2:8] not in body
            assert participant.first_name not in body and participant.last_name not in body
        assert "1234" not in body and "Ring" not in body and "Möte" not in body
    assert "Skyddad" not in body


def test_a_change_raises_the_sequence_and_a_cancelled_assessment_stays(client, world, work):
    path = _turn_on(client, world["assessor"])
    uid = f"assessment-{work['assessment'].id}@localhost"
    before = int(_events(client, path)[uid]["sequence"])
    cancel_assessment(work["assessment"], "Sjuk", world["coach"])
    event = _events(client, path)[uid]
    assert int(event["sequence"]) > before
    assert str(event["status"]) == "CANCELLED"

    client.logout()
    coach_path = _turn_on(client, world["coach"])
    uid = f"follow-up-{work['follow_up'].id}@localhost"
    before = int(_events(client, coach_path)[uid]["sequence"])
    complete_follow_up(work["follow_up"], world["coach"])
    assert int(_events(client, coach_path)[uid]["sequence"]) > before


def test_renewing_stops_the_old_address_and_turning_off_stops_the_new(client, world, work):
    old = _turn_on(client, world["coach"])
    new = FEED_URL.search(client.post("/account/calendar/renew").get_data(as_text=True)).group(1)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.post("/account/calendar/off").status_code == 302
    assert client.get(new).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(CalendarFeed.id))) == 0


def test_only_the_hash_of_the_token_is_kept(client, world, work):
    client.login(world["coach"])
    page = client.post("/account/calendar/renew").get_data(as_text=True)
    assert "på sedan <time datetime=" in page
    token = FEED_URL.search(page).group(2)
    feed = db.session.scalar(sa.select(CalendarFeed))
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in client.get("/account/calendar").get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/calendar/x.ics", "/calendar/.ics", "/calendar/" + "a" * 5000 + ".ics", "/calendar/%00.ics"],
)
def test_a_broken_or_unknown_token_is_404(client, world, work, path):
    _turn_on(client, world["coach"])
    client.logout()
    assert client.get(path).status_code == 404


def test_an_inactive_account_has_no_feed(client, world, work):
    path = _turn_on(client, world["coach"])
    world["coach"].is_active = False
    db.session.flush()
    client.logout()
    assert client.get(path).status_code == 404


def test_each_fetch_is_one_audit_line_per_participant(client, world, work):
    path = _turn_on(client, world["coach"])
    client.logout()
    client.get(path)
    lines = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "calendar.fetched")
    ).all()
    assert [(line.user_id, line.participant_id) for line in lines] == [
        (world["coach"].id, work["case"].participant_id)
    ]


def test_the_page_in_swedish_and_english(client, world):
    client.login(world["assessor"])
    page = client.get("/account/calendar").get_data(as_text=True)
    assert "Kalenderflödet är avstängt." in page and "Slå på kalenderflödet" in page
    world["assessor"].locale = "en"
    db.session.flush()
    page = client.post("/account/calendar/renew").get_data(as_text=True)
    assert "Your calendar address" in page and "Make a new address" in page
    assert "Calendar feed" in client.get("/account/password").get_data(as_text=True)
    world["assessor"].locale = "sv"
    db.session.flush()
    assert "Kalenderflöde" in client.get("/account/password").get_data(as_text=True)


def test_roles_without_planned_work_have_no_calendar_page(client, world):
    for name in ("employer", "admin", "regional"):
        client.login(world[name])
        assert client.get("/account/calendar").status_code == 403
        assert client.post("/account/calendar/renew").status_code == 403
        assert "/account/calendar" not in client.get("/account/password").get_data(as_text=True)
        client.logout()
