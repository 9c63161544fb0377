"""Signing in as a participant: a code by email (sent to a real SMTP server, valid ten minutes,
once, throttled, never for a protected identity or a reserve number, the same answer for an
unknown address), and a code the coach hands over in person."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.personal_numbers import reserve_number
from app.extensions import db
from app.portal import services
from app.portal.models import PortalSettings
from app.web import commit
from tests.mailbox import text_of
from tests.portal.factories import participant_with_case

ADDRESS = "deltagare@test.example"


@pytest.fixture
def person(world):
    """A participant with an email address and an account, of a municipality that lets its
    participants sign in with a code by email."""
    db.session.add(PortalSettings(municipality_id=world.home.id, mail_codes=True))
    found, _case, account = participant_with_case(world["coach"], email=ADDRESS, first_name="Dana")
    return found, account


def signed_in_as(client):
    home = client.get("/")
    return home.location if home.status_code == 302 else None


def ask(client, address=ADDRESS):
    asked = client.post("/my/sign-in/email", data={"email": address})
    assert asked.status_code == 302 and asked.location == "/my/sign-in/email/code"
    return client.get(asked.location).get_data(as_text=True)


def mailed_code(mailbox) -> str:
    text = text_of(mailbox.only())
    [code] = re.findall(r"^\s*(\d{6})\s*$", text, re.M)
    return code


def enter(client, code, address=ADDRESS):
    return client.post("/my/sign-in/email/code", data={"email": address, "code": code})


def test_a_mailed_code_signs_the_participant_in_once(client, person, mailbox):
    _found, account = person
    page = ask(client)
    assert "Om vi känner till din e-postadress" in page
    message = mailbox.only()
    assert message["To"] == ADDRESS and "Dana" not in text_of(message)
    code = mailed_code(mailbox)
    signed = enter(client, code)
    assert signed.status_code == 302 and signed.location == "/my/"
    assert signed_in_as(client) == "/my/"
    [login] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert login.user_id == account.id and login.details["method"] == "mail_code"
    client.logout()
    again = enter(client, code)
    assert again.status_code == 200 and "Koden är fel eller för gammal" in again.get_data(
        as_text=True
    )
    assert signed_in_as(client).startswith("/login")


def test_the_code_works_ten_minutes_only(client, person, mailbox, stopped_clock):
    ask(client)
    code = mailed_code(mailbox)
    stopped_clock.shift(10 * 60 + 1)
    refused = enter(client, code)
    assert refused.status_code == 200 and "Koden är fel eller för gammal" in refused.get_data(
        as_text=True
    )


def test_a_code_within_ten_minutes_still_works(client, person, mailbox, stopped_clock):
    ask(client)
    code = mailed_code(mailbox)
    stopped_clock.shift(9 * 60 + 50)
    assert enter(client, code).location == "/my/"


def test_wrong_codes_are_throttled_and_the_wait_is_said(client, person, mailbox, stopped_clock):
    ask(client)
    code = mailed_code(mailbox)
    wrong = "000000" if code != "000000" else "111111"
    answers = [enter(client, wrong).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]  # three wrong tries cost nothing, then a wait
    waited = enter(client, code)
    assert waited.status_code == 429 and "Vänta" in waited.get_data(as_text=True)


def test_a_few_wrong_tries_void_the_code(app, person, mailbox):
    with app.test_request_context():
        commit(lambda: services.ask_for_mail_code(ADDRESS))
    code = mailed_code(mailbox)
    for _ in range(services.CODE_TRIES):
        assert (
            services.sign_in_with_mail_code(
                ADDRESS, "999999" if code != "999999" else "888888", "10.0.0.9"
            )
            is None
        )
    assert services.sign_in_with_mail_code(ADDRESS, code, "10.0.0.9") is None


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, person, mailbox):
    known = ask(client)
    mailbox.clear()
    unknown = ask(client, "nobody@test.example")
    assert mailbox.received == []
    strip = lambda page: re.sub(r'value="[^"]*"', "", page)  # noqa: E731 - the typed address
    assert strip(unknown) == strip(known)


def test_no_mailed_code_for_a_protected_identity(client, person, mailbox):
    found, _account = person
    found.is_protected = True
    db.session.flush()
    ask(client)
    assert mailbox.received == []
    refused = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.participant_id == found.id)
    )
    assert "portal.code_refused" in refused.all()


def test_no_mailed_code_for_a_reserve_number(client, world, mailbox):
    db.session.add(PortalSettings(municipality_id=world.home.id, mail_codes=True))
    found, _case, _account = participant_with_case(world["coach"], email=ADDRESS)
    found.personal_number, found.is_reserve_number = reserve_number("9001", 1), True
    db.session.flush()
    ask(client)
    assert mailbox.received == []


def test_no_mailed_code_where_the_municipality_has_not_allowed_it(client, world, mailbox):
    participant_with_case(world["coach"], email=ADDRESS)
    ask(client)
    assert mailbox.received == []


def test_the_administrator_switches_mailed_codes_on(client, world):
    client.login(world["admin"])
    page = client.get("/my/settings")
    assert page.status_code == 200
    assert client.post("/my/settings", data={"mail_codes": "y"}).status_code == 302
    assert db.session.get(PortalSettings, world.home.id).mail_codes
    assert client.post("/my/settings", data={}).status_code == 302
    assert not db.session.get(PortalSettings, world.home.id).mail_codes
    client.login(world["coach"])
    assert client.get("/my/settings").status_code == 403


# --- a code from the coach ------------------------------------------------------------------


def handed_over(client, coach, participant) -> str:
    client.login(coach)
    page = client.post(f"/my/participants/{participant.id}/code")
    assert page.status_code == 200
    [code] = re.findall(r"\b([A-Z2-9]{5}-[A-Z2-9]{5})\b", page.get_data(as_text=True))
    client.logout()
    return code


def test_a_protected_participant_signs_in_with_the_code_the_coach_hands_over(client, world):
    found, _case, account = participant_with_case(world["coach"], is_protected=True)
    code = handed_over(client, world["coach"], found)
    typed = code.lower().replace("-", " ")
    signed = client.post("/my/sign-in/code-from-coach", data={"code": typed})
    assert signed.location == "/my/" and signed_in_as(client) == "/my/"
    client.logout()
    again = client.post("/my/sign-in/code-from-coach", data={"code": code})
    assert again.status_code == 200 and signed_in_as(client) != "/my/"


def test_a_new_code_voids_the_one_before_and_a_code_lasts_ten_minutes(client, world, stopped_clock):
    found, _case, _account = participant_with_case(world["coach"])
    first = handed_over(client, world["coach"], found)
    second = handed_over(client, world["coach"], found)
    assert client.post("/my/sign-in/code-from-coach", data={"code": first}).status_code == 200
    stopped_clock.shift(10 * 60 + 1)
    assert client.post("/my/sign-in/code-from-coach", data={"code": second}).status_code == 200
    assert signed_in_as(client) != "/my/"


def test_no_code_for_a_participant_without_access(client, world):
    from tests.cases.factories import make_case, make_participant

    found = make_participant(world.home, personal_number="198504121234"[:11] + "0")
    make_case(world["coach"], found)
    client.login(world["coach"])
    answer = client.post(f"/my/participants/{found.id}/code")
    assert answer.status_code == 302 and answer.location.endswith("#my-pages")
