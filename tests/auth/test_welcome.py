"""A new account's welcome link, against a real SMTP server (aiosmtpd, tests/mailbox.py): the
administrator creates the account without a password, the mail arrives, its link sets the
password, the person logs in; a used or expired link is refused; a new link while the person has
never logged in; the audit lines."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import User
from app.auth.services import has_usable_password, verify_password
from app.extensions import db
from tests.mailbox import html_of, link_in, text_of

CHOSEN = "my very own first password"

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def _create(client, world, email: str = "ny@test.example", locale: str = "sv"):
    """The municipality administrator creates a coach's account (the mail goes as the
    redirect is followed)."""
    client.login(world["admin"])
    data = {
        "name": "Nora Nyberg",
        "email": email,
        "organisation": f"m:{world.home.id}",
        "roles": ["coach"],
        "locale": locale,
    }
    response = client.post("/admin/users/new", data=data, follow_redirects=True)
    client.logout()
    return response


def _choose(client, path: str, password: str = CHOSEN, repeat: str | None = None):
    data = {"new_password": password, "repeat_password": password if repeat is None else repeat}
    return client.post(path, data=data, buffered=True)


def _account(email: str = "ny@test.example") -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _lines(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_the_person_chooses_their_password_by_the_welcome_link_and_logs_in(client, world, mailbox):
    created = _create(client, world)
    page = created.get_data(as_text=True)
    assert created.status_code == 200
    assert "Kontot ny@test.example skapades." in page
    assert "Ett välkomstmejl med en länk för att välja lösenord har skickats till" in page
    assert "länken fungerar i 7 dagar" in page
    user = _account()
    assert not has_usable_password(user)
    assert not verify_password(user, user.password_hash)  # what is stored is no password
    # the message, as the SMTP server received it
    [(recipients, received)] = mailbox.received
    assert recipients == ["ny@test.example"]
    assert received["Subject"] == "Välkommen till Validera"
    text = text_of(received)
    admin = world["admin"]
    assert "Hej Nora Nyberg!" in text
    assert f"{admin.name} ({admin.email}) har skapat ett konto åt dig" in text
    assert f"för {world.home.name}" in text
    assert "Validera är ärendesystemet för validering" in text
    assert "Den fungerar en gång, inom 7 dagar" in text
    assert "http://localhost/login" in text and "ny@test.example" in text
    path = link_in(received)
    assert f'href="http://localhost{path}"' in html_of(received)
    assert path not in page  # the administrator never sees the link
    # the link's page: choose, not reset
    shown = client.get(path)
    body = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "<h1>Välj ditt lösenord</h1>" in body and "Välkommen till Validera" in body
    assert "nytt lösenord" not in body.lower() and "återställ" not in body.lower()
    mismatch = _choose(client, path, repeat="something else entirely")
    assert mismatch.status_code == 200 and "Lösenorden" in mismatch.get_data(as_text=True)
    assert _choose(client, path, password="short").status_code == 200
    assert not has_usable_password(user)  # nothing stored from a refused form
    done = _choose(client, path)
    assert done.status_code == 302 and done.location == "/login"
    assert "Ditt lösenord är sparat. Logga in med det." in client.get("/login").get_data(True)
    assert client.login(user, password=CHOSEN).status_code == 302
    assert client.get("/").status_code == 200
    # logged: the account made by the administrator, the mail, the password chosen by the person
    [made] = _lines("admin.user_created")
    assert made.object_id == user.id and made.user_id == admin.id
    [mailed] = _lines("auth.welcome_link_mailed")
    assert (mailed.object_id, mailed.user_id, mailed.details) == (
        user.id,
        admin.id,
        {"again": False},
    )
    [chosen] = _lines("auth.password_chosen_by_welcome_link")
    assert chosen.object_id == user.id and chosen.user_id == user.id
    assert _lines("auth.password_reset_by_link") == []


def test_a_welcome_link_works_once(client, world, mailbox):
    _create(client, world)
    path = link_in(mailbox.only())
    assert _choose(client, path).status_code == 302
    again = client.get(path)
    assert again.status_code == 410 and "Länken är redan använd" in again.get_data(as_text=True)
    assert _choose(client, path, password="another long password").status_code == 410
    assert client.login(_account(), password="another long password").status_code == 200
    assert client.login(_account(), password=CHOSEN).status_code == 302


def test_a_welcome_link_expires_after_7_days(client, world, mailbox, stopped_clock):
    _create(client, world)
    path = link_in(mailbox.only())
    stopped_clock.shift(timedelta(days=7) - timedelta(seconds=1))
    assert client.get(path).status_code == 200
    stopped_clock.shift(1)
    expired = client.get(path)
    page = expired.get_data(as_text=True)
    assert expired.status_code == 410
    assert "en välkomstlänk fungerar i 7 dagar efter att den skickades" in page
    assert _choose(client, path).status_code == 410
    assert not has_usable_password(_account())


def test_how_long_a_welcome_link_works_is_configured(client, app, world, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "WELCOME_LINK_DAYS", 3)
    assert "länken fungerar i 3 dagar" in _create(client, world).get_data(as_text=True)
    assert "inom 3 dagar" in text_of(mailbox.only())


def test_a_new_welcome_link_while_the_person_has_never_logged_in(client, world, mailbox):
    _create(client, world)
    first = link_in(mailbox.only())
    user = _account()
    client.login(world["admin"])
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Har aldrig loggat in." in page and "Skicka en ny välkomstlänk" in page
    sent = client.post(f"/admin/users/{user.id}/welcome-link", follow_redirects=True)
    assert sent.request.path == f"/admin/users/{user.id}"
    assert "har skickats till ny@test.example" in sent.get_data(as_text=True)
    renewed = mailbox.messages[-1]
    assert len(mailbox.received) == 2 and renewed["To"] == "ny@test.example"
    admin = world["admin"]
    assert f"{admin.name} ({admin.email}) har skickat en ny länk" in text_of(renewed)
    assert "Länkarna som skickades tidigare fungerar inte längre." in text_of(renewed)
    second = link_in(renewed)
    assert client.get(first).status_code == 410  # the earlier link no longer works
    client.logout()
    assert _choose(client, second).status_code == 302
    assert client.login(user, password=CHOSEN).status_code == 302
    # once the person has logged in: no more welcome links, the password is reset instead
    client.login(admin)
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Skicka en ny välkomstlänk" not in page and "Har aldrig loggat in." not in page
    refused = client.post(f"/admin/users/{user.id}/welcome-link", follow_redirects=True)
    assert "har redan loggat in" in refused.get_data(as_text=True)
    assert len(mailbox.received) == 2
    [renewal] = _lines("admin.welcome_link_renewed")
    assert renewal.object_id == user.id and renewal.user_id == admin.id
    mailed = _lines("auth.welcome_link_mailed")
    assert [line.details for line in mailed] == [{"again": False}, {"again": True}]


def test_no_welcome_link_for_a_deactivated_account(client, world, mailbox):
    _create(client, world)
    path = link_in(mailbox.only())
    user = _account()
    client.login(world["admin"])
    client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    refused = client.post(f"/admin/users/{user.id}/welcome-link", follow_redirects=True)
    assert "Kontot är inaktiverat" in refused.get_data(as_text=True)
    assert len(mailbox.received) == 1
    assert client.get(path).status_code == 404  # a deactivated account's links lead nowhere


def test_an_administrator_sends_no_welcome_link_to_another_municipality(client, world, mailbox):
    other = world["other_coach"]
    other.last_login_at = None
    db.session.flush()
    client.login(world["admin"])
    assert client.post(f"/admin/users/{other.id}/welcome-link").status_code == 404
    client.login(world["coach"])
    assert client.post(f"/admin/users/{world['coach2'].id}/welcome-link").status_code == 403
    assert mailbox.received == []


def test_the_welcome_is_in_the_persons_language(client, world, mailbox):
    _create(client, world, locale="en")
    received = mailbox.only()
    assert received["Subject"] == "Welcome to Validera"
    text = text_of(received)
    assert "Welcome to Validera!" in text and f"for {world.home.name}" in text
    assert "It works once, within 7 days" in text
