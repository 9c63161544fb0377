"""The invitation to a planned assessment a mail to its assessor carries: the feed's event of the
assessment (same UID), METHOD REQUEST or CANCEL, SEQUENCE rising with each change."""

from __future__ import annotations

import icalendar
import pytest

from app.assessments.services.planning import cancel_assessment
from app.calendar.invitation import assessment_invitation
from app.extensions import db
from app.mail import message, send_on_commit
from tests.assessments.factories import plan
from tests.calendar.test_feed import _events, _turn_on
from tests.cases.factories import make_case, make_participant
from tests.clock import days
from tests.frameworks.factories import make_framework
from tests.mailbox import calendar_part, smtp_mailbox

BASE = "https://validera.example"


@pytest.fixture
def assessment(world):
    """A planned practical assessment, assessed by `assessor`, of a case of `coach` in the
    home municipality, whose mail comes from its sender name."""
    world.home.mail_sender_name = "Arbetsmarknadsenheten, Hemkommun"
    amina = make_participant(world.home, first_name="Amina", last_name="Hassan")
    case = make_case(world["coach"], amina)
    framework = make_framework(units=1, outcomes=1, criteria=1)
    return plan(case, world["assessor"], framework.units, place="Verkstan, 850412-1234")


@pytest.fixture
def public(app, monkeypatch):
    """PUBLIC_BASE_URL set, as in production: links and UIDs never follow a Host header."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE)


def _parsed(text: str) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_the_invitation_is_the_feeds_event_with_organizer_and_attendee(
    app, client, world, assessment, public
):
    calendar, event = _parsed(assessment_invitation(assessment))  # outside a request, as a job
    uid = f"assessment-{assessment.id}@validera.example"
    assert str(calendar["method"]) == "REQUEST" and str(event["uid"]) == uid
    feed = _events(client, _turn_on(client, world["assessor"]))
    assert set(feed) == {uid}
    for name in ("summary", "description", "location", "sequence", "dtstart", "status"):
        assert feed[uid].get(name) == event.get(name), name
    assert event.decoded("dtstart") == days(7) and event.decoded("dtend") == days(8)
    assert int(event["sequence"]) == assessment.calendar_sequence
    case = assessment.case
    assert str(event["summary"]) == f"Praktisk bedömning, ärende #{case.id}"
    assert str(event["description"]) == (
        f"Praktisk bedömning, ärende #{case.id}\n{BASE}/assessments/{assessment.id}"
    )
    assert str(event["location"]) == "Verkstan, …"
    organizer, attendee = event["organizer"], event["attendee"]
    assert str(organizer) == "mailto:validera@localhost"
    assert organizer.params["CN"] == "Arbetsmarknadsenheten, Hemkommun"
    assert str(attendee) == f"mailto:{world['assessor'].email}"
    assert attendee.params["CN"] == world["assessor"].name


def test_the_invitation_names_no_participant(world, assessment, public):
    text = assessment_invitation(assessment)
    participant = assessment.case.participant
    for secret in ("Amina", "Hassan", participant.personal_number, "850412", "1234"):
        assert secret not in text


def test_a_moved_assessment_updates_the_same_event(world, assessment, public):
    _, before = _parsed(assessment_invitation(assessment))
    assessment.scheduled_on = days(14)
    db.session.flush()
    _, after = _parsed(assessment_invitation(assessment))
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart") == days(14)


def test_a_cancelled_assessment_cancels_the_event(world, assessment, public):
    _, before = _parsed(assessment_invitation(assessment))
    cancel_assessment(assessment, "Sjuk", world["coach"])
    calendar, after = _parsed(assessment_invitation(assessment, cancelled=True))
    assert str(calendar["method"]) == "CANCEL" and str(after["status"]) == "CANCELLED"
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) > int(before["sequence"])


def test_the_invitation_speaks_the_assessors_language(world, assessment, public):
    world["assessor"].locale = "en"
    db.session.flush()
    _, event = _parsed(assessment_invitation(assessment))
    assert str(event["summary"]) == f"Practical assessment, case #{assessment.case_id}"


def test_the_invitation_arrives_by_mail_and_parses(app, world, assessment, public):
    text = assessment_invitation(assessment)
    with smtp_mailbox(app) as mailbox:
        send_on_commit(message(world["assessor"].email, "Bedömning", "Text", calendar=text))
        db.session.commit()  # the notification of the planned assessment is mailed too
        [received] = [mail for mail in mailbox.messages if mail["Subject"] == "Bedömning"]
    part = calendar_part(received)
    assert part.get_param("method") == "REQUEST"
    calendar, event = _parsed(part.get_content())
    assert str(event["uid"]) == f"assessment-{assessment.id}@validera.example"
    assert received["From"].addresses[0].display_name == "Arbetsmarknadsenheten, Hemkommun"
