"""Password reset by a mailed link, against a real SMTP server (aiosmtpd, tests/mailbox.py):
asking, the message, the link's page, single use, expiry, tampering, no account enumeration,
throttling, the audit lines."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent, record
from app.auth.models import PasswordReset
from app.extensions import db
from app.mail import message, send_on_commit
from tests.conftest import PASSWORD
from tests.mailbox import html_of, link_in, text_of

NEW = "a new password of some length"

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def _ask(client, email: str):
    return client.post("/password/forgotten", data={"email": email}, buffered=True)


def _set(client, path: str, password: str = NEW, repeat: str | None = None):
    data = {"new_password": password, "repeat_password": password if repeat is None else repeat}
    return client.post(path, data=data, buffered=True)


def _lines(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def _link(client, mailbox, email: str = "coach@test.example") -> str:
    _ask(client, email)
    path = link_in(mailbox.messages[-1])
    return path


def test_the_login_page_leads_to_the_forgotten_password_page(client):
    login = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgotten"' in login and "Glömt lösenordet?" in login
    page = client.get("/password/forgotten").get_data(as_text=True)
    assert 'name="email"' in page and "30 minuter" in page


def test_a_mailed_link_sets_a_new_password_and_ends_every_session(client, app, world, mailbox):
    coach = world["coach"]
    elsewhere = app.test_client()
    elsewhere.login(coach)
    asked = _ask(client, "  Coach@Test.Example ")
    assert asked.status_code == 302 and asked.location == "/login"
    assert "Om ett konto har adressen" in client.get("/login").get_data(as_text=True)
    # the message, as the SMTP server received it
    [(recipients, received)] = mailbox.received
    assert recipients == ["coach@test.example"] and received["To"] == "coach@test.example"
    assert received["Subject"] == "Välj ett nytt lösenord för Validera"
    assert "Validera" in received["From"]
    assert f"Hej {coach.name}!" in text_of(received) and "inom 30 minuter" in text_of(received)
    path = link_in(received)
    assert f'href="http://localhost{path}"' in html_of(received)
    # the link's page: the account, and the new password twice
    page = client.get(path)
    assert page.status_code == 200 and "coach@test.example" in page.get_data(as_text=True)
    mismatch = _set(client, path, repeat="something else entirely")
    assert mismatch.status_code == 200 and "Lösenorden" in mismatch.get_data(as_text=True)
    short = _set(client, path, password="short")
    assert short.status_code == 200
    assert client.login(coach, password=NEW).status_code == 200  # nothing changed yet
    done = _set(client, path)
    assert done.status_code == 302 and done.location == "/login"
    assert "Ditt lösenord är bytt. Logga in med det nya." in client.get("/login").get_data(True)
    assert elsewhere.get("/").status_code == 302  # that session has ended
    assert client.login(coach, password=PASSWORD).status_code == 200  # the old one is gone
    assert client.login(coach, password=NEW).status_code == 302
    [asked_line] = _lines("auth.password_reset_asked")
    assert asked_line.object_id == coach.id and asked_line.actor == "anonymous"
    assert asked_line.details == {"email": "coach@test.example", "matched": True}
    [mailed] = _lines("auth.password_reset_mailed")
    assert mailed.object_id == coach.id and mailed.details == {"forced": False}
    [reset] = _lines("auth.password_reset_by_link")
    assert reset.object_id == coach.id and reset.user_id == coach.id


def test_a_link_works_once(client, world, mailbox):
    path = _link(client, mailbox)
    assert _set(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 410 and "Länken är redan använd" in again.get_data(as_text=True)
    reused = _set(client, path, password="yet another long password")
    assert reused.status_code == 410
    assert client.login(world["coach"], password="yet another long password").status_code == 200
    assert len(_lines("auth.password_reset_by_link")) == 1


def test_using_one_link_voids_the_others_and_a_new_password_voids_them_all(client, world, mailbox):
    first, second = _link(client, mailbox), _link(client, mailbox)
    assert _set(client, first).status_code == 302
    assert client.get(second).status_code == 410
    third = _link(client, mailbox)
    client.login(world["coach"], password=NEW)
    changed = {
        "current_password": NEW,
        "new_password": "changed on the page",
        "repeat_password": "changed on the page",
    }
    assert client.post("/account/password", data=changed).status_code == 302
    assert client.get(third).status_code == 410


def test_a_link_expires_after_30_minutes(client, world, mailbox, stopped_clock):
    path = _link(client, mailbox)
    stopped_clock.shift(timedelta(minutes=29, seconds=59))
    assert client.get(path).status_code == 200
    stopped_clock.shift(1)
    expired = client.get(path)
    assert expired.status_code == 410
    assert "Länken har gått ut: en länk fungerar i 30 minuter" in expired.get_data(as_text=True)
    assert _set(client, path).status_code == 410
    assert client.login(world["coach"], password=PASSWORD).status_code == 302


def test_a_tampered_or_unknown_link_gets_a_clear_page(client, world, mailbox):
    path = _link(client, mailbox)
    token = path.rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for wrong in (tampered, token[:20], "x" * 5000, "%00%27%22"):
        response = client.get(f"/password/reset/{wrong}")
        assert response.status_code == 404, wrong
        assert "Länken är inte giltig" in response.get_data(as_text=True)
        assert _set(client, f"/password/reset/{wrong}").status_code == 404
    assert client.get(path).status_code == 200  # the real one still works


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world, mailbox):
    world["coach2"].is_active = False
    db.session.flush()
    answers = []
    for email in ("coach@test.example", "nobody@test.example", "coach2@test.example"):
        response = _ask(client, email)
        answers.append((response.status_code, response.location))
        flashed = client.get("/login").get_data(as_text=True)
        assert f"Om ett konto har adressen {email} har en länk" in flashed
    assert answers[0] == answers[1] == answers[2] == (302, "/login")
    assert [to for to, _ in mailbox.received] == [["coach@test.example"]]
    lines = _lines("auth.password_reset_asked")
    assert [(line.object_id, line.details["matched"]) for line in lines] == [
        (world["coach"].id, True),
        (None, False),
        (None, False),
    ]
    assert lines[1].details["email"] == "nobody@test.example"


def test_the_message_is_in_the_persons_language(client, world, mailbox):
    world["coach"].locale = "en"
    db.session.flush()
    _ask(client, "coach@test.example")
    received = mailbox.only()
    assert received["Subject"] == "Choose a new password for Validera"
    assert "It works once, within 30 minutes" in text_of(received)


def test_an_account_gets_at_most_three_links_an_hour(client, world, mailbox, stopped_clock):
    for _ in range(4):
        assert _ask(client, "coach@test.example").status_code == 302
    assert len(mailbox.received) == 3
    assert _lines("auth.password_reset_asked")[-1].details["throttled"] is True
    stopped_clock.shift(timedelta(hours=1, seconds=1))
    _ask(client, "coach@test.example")
    assert len(mailbox.received) == 4


def test_an_address_that_asks_too_often_waits(client, app, world, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_LIMIT", "2 per hour")
    for _ in range(3):  # refused forms do not count
        assert (
            client.post("/password/forgotten", data={"email": "not an address"}).status_code == 200
        )
    assert _ask(client, "nobody@test.example").status_code == 302
    assert _ask(client, "nobody2@test.example").status_code == 302
    blocked = _ask(client, "coach@test.example")
    assert blocked.status_code == 429
    assert mailbox.received == []


def test_a_bad_address_is_refused_at_the_field(client, mailbox):
    response = client.post("/password/forgotten", data={"email": "no-at-sign"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(True)
    assert _lines("auth.password_reset_asked") == [] and mailbox.received == []


def test_mail_goes_when_its_transaction_commits_and_never_when_it_rolls_back(mailbox):
    record("test.mail_asked")
    send_on_commit(message("a@test.example", "dropped", "text"))
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert mailbox.received == []
    send_on_commit(message("b@test.example", "kept", "text"))
    db.session.commit()
    assert mailbox.only()["Subject"] == "kept"


def test_only_a_digest_of_the_token_is_stored(client, world, mailbox):
    token = _link(client, mailbox).rsplit("/", 1)[1]
    stored = db.session.scalars(sa.select(PasswordReset.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64
