"""The settings page: per kind how it reaches the person, the hour of the digest; mail refused
for an account without an address; the digest mailed at the chosen hour."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine

from app.cases.workflow import Stage
from app.extensions import db
from app.notifications.kinds import kinds_for
from app.notifications.models import DigestHour, Notification, NotificationSetting
from app.notifications.queries import deliveries_of
from app.notifications.tasks import send_digests
from app.notifications.vocab import Delivery, Kind
from tests.cases.factories import make_case
from tests.clock import TODAY, days
from tests.mailbox import text_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def checked(html: str, name: str) -> str:
    """The value of the checked radio button `name`."""
    [value] = re.findall(rf'<input checked id="{name}-\d" name="{name}"[^>]* value="(\w+)"', html)
    return value


def settings_of(user):
    kept = db.session.scalars(
        sa.select(NotificationSetting).where(NotificationSetting.user_id == user.id)
    ).all()
    return {row.kind: row.delivery for row in kept}


def form(user, **sent):
    """What the settings page sends for `user`: every kind of theirs as it is now, the hour 7,
    and what the test chooses (`case_assigned="digest"`, `digest_hour="18"`)."""
    rules = kinds_for(user)
    data = {kind.value: delivery.value for kind, delivery in deliveries_of(user, rules).items()}
    return {**data, "digest_hour": "7", **sent}


def hour_of(user):
    return db.session.scalar(sa.select(DigestHour.hour).where(DigestHour.user_id == user.id))


def test_the_page_shows_a_choice_per_kind_of_ones_roles(client, world):
    client.login(world["coach"])
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert "<legend>Ett ärende har tilldelats mig" in html  # the coach's kind, as a fieldset
    assert html.count('name="case_assigned"') == 3
    assert checked(html, "case_assigned") == "immediate"  # the kind's default until chosen
    assert '<option selected value="7">07:00</option>' in html  # DIGEST_HOUR
    client.login(world["external_verifier"])
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert 'name="case_assigned"' not in html
    assert "Inget slag av avisering gäller dina roller än." in html


def test_the_settings_in_english(client, world):
    client.login(world["coach"])
    client.post("/language", data={"language": "en", "next": "/"})
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert "<legend>A case was assigned to me" in html
    assert "In the daily digest" in html and "Hour of the daily digest" in html


def test_choosing_the_digest_and_an_hour_is_kept_and_shown(client, world):
    coach = world["coach"]
    client.login(coach)
    answer = client.post(
        "/notifications/settings", data=form(coach, case_assigned="digest", digest_hour="18")
    )
    assert answer.status_code == 302
    assert settings_of(coach) == {Kind.CASE_ASSIGNED: Delivery.DIGEST} and hour_of(coach) == 18
    html = client.get(answer.location).get_data(as_text=True)
    assert "Dina inställningar för aviseringar har sparats." in html
    assert checked(html, "case_assigned") == "digest" and '<option selected value="18">' in html
    # back to the defaults: nothing is kept
    client.post("/notifications/settings", data=form(coach, case_assigned="immediate"))
    assert settings_of(coach) == {} and hour_of(coach) is None


def test_nonsense_is_an_error_at_the_field_and_nothing_is_kept(client, world):
    client.login(world["coach"])
    coach = world["coach"]
    without_hour = form(coach, case_assigned="digest")
    del without_hour["digest_hour"]
    for data in (
        form(coach, case_assigned="pigeon", digest_hour="8"),
        form(coach, case_assigned="digest", digest_hour="24"),
        form(coach, case_assigned="digest", digest_hour="-1"),
        form(coach, case_assigned="digest", digest_hour="åtta"),
        without_hour,
        {"case_assigned": "digest", "digest_hour": "8"},  # the other kinds left out
    ):
        answer = client.post("/notifications/settings", data=data)
        assert answer.status_code == 200, data
        assert 'class="field-error"' in answer.get_data(as_text=True)
    assert settings_of(world["coach"]) == {} and hour_of(world["coach"]) is None


def test_mail_is_refused_at_the_field_for_an_account_without_an_address(client, world):
    coach = world["coach"]
    client.login(coach)
    coach.email = ""  # an account without an address (signed in before it lost it)
    db.session.flush()
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert "Ditt konto har ingen e-postadress, så dina aviseringar stannar i Validera." in html
    assert checked(html, "case_assigned") == "in_app"  # what happens now
    for choice in ("immediate", "digest"):
        answer = client.post(
            "/notifications/settings", data=form(coach, case_assigned=choice, digest_hour="9")
        )
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200
        assert 'id="case_assigned-error"' in html
        assert "Ditt konto har ingen e-postadress: välj Bara i Validera." in html
        assert settings_of(coach) == {} and hour_of(coach) is None
    answer = client.post(
        "/notifications/settings", data=form(coach, case_assigned="in_app", digest_hour="9")
    )
    assert answer.status_code == 302
    assert set(settings_of(coach).values()) == {Delivery.IN_APP} and hour_of(coach) == 9
    assert settings_of(coach)[Kind.CASE_ASSIGNED] is Delivery.IN_APP


def test_the_settings_form_needs_the_csrf_token(client, world):
    client.login(world["coach"])
    answer = client.post(
        "/notifications/settings",
        data=form(world["coach"], case_assigned="digest", digest_hour="18"),
        csrf=False,
    )
    assert answer.status_code == 400 and settings_of(world["coach"]) == {}


def _local(hour: int) -> datetime:
    """Today (the fixed clock's Tuesday) at `hour` o'clock in Stockholm, a minute past."""
    return datetime.combine(TODAY, time(hour, 1), STOCKHOLM)


def test_the_digest_comes_at_the_hour_the_person_chose(client, world, mailbox):
    coach, coach2 = world["coach"], world["coach2"]
    coach.locale = "en"  # each digest in its reader's language
    db.session.flush()
    for person, hour in ((coach2, "18"), (coach, "7")):
        client.login(person)
        client.post(
            "/notifications/settings", data=form(person, case_assigned="digest", digest_hour=hour)
        )
    client.login(coach)
    mine = make_case(coach, stage=Stage.INTAKE)
    client.post(f"/cases/{mine.id}/reassign", data={"version": mine.version, "coach": coach2.id})
    client.login(coach2)
    theirs = make_case(coach2, stage=Stage.INTAKE)
    client.post(f"/cases/{theirs.id}/reassign", data={"version": theirs.version, "coach": coach.id})
    rows = db.session.scalars(sa.select(Notification).order_by(Notification.id)).all()
    assert [(row.delivery, row.mailed_at) for row in rows] == [(Delivery.DIGEST, None)] * 2
    mailbox.clear()
    with time_machine.travel(_local(17), tick=False):
        send_digests()
    assert mailbox.messages == []  # coach2's hour has not struck; coach's 07:00 came before
    with time_machine.travel(_local(18), tick=False):
        send_digests()
    mail = mailbox.only()
    assert mail["To"] == coach2.email
    assert f"Ärende #{mine.id} har tilldelats dig." in text_of(mail)
    with time_machine.travel(_local(19), tick=False):
        send_digests()
    assert len(mailbox.messages) == 1  # mailed once
    with time_machine.travel(datetime.combine(days(1), time(7, 1), STOCKHOLM), tick=False):
        send_digests()
    assert [m["To"] for m in mailbox.messages] == [coach2.email, coach.email]
    assert f"Case #{theirs.id} was assigned to you." in text_of(mailbox.messages[1])
