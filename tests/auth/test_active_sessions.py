"""Sessions one can see and end, and an administrator can end for an account, on both stores
(the database, and Redis at 127.0.0.1:6379 under keys of the test's own)."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import UserSession
from app.auth.session_redis import RedisSessions
from app.auth.sessions import EXTENSION, SessionRecord, digest
from app.db import utcnow
from app.extensions import db
from tests.auth.test_session_redis import REDIS_URL
from tests.auth.test_sessions import sent_to_login
from tests.helpers import reachable_redis

ROOT = Path(__file__).resolve().parents[2]
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture(params=["database", "redis"])
def store(request, app, monkeypatch):
    """Each test once with session records in the database, once in Redis."""
    if request.param == "database":
        yield request.param
        return
    client = reachable_redis(REDIS_URL)
    sessions = RedisSessions(client, prefix=f"validera-test-{uuid.uuid4().hex}:")
    monkeypatch.setitem(app.extensions, EXTENSION, sessions)
    yield request.param
    keys = list(client.scan_iter(f"{sessions.prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def browser(app, agent: str, ip: str):
    """A test client that says it is `agent` at address `ip`."""
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    return client


def handle_of(client) -> str:
    """The handle of the session this client is logged in with."""
    key = digest(client._session()["_user_id"])
    return SessionRecord(key, utcnow(), utcnow()).handle


def end_url(client) -> str:
    return f"/account/sessions/{handle_of(client)}/end"


def logged(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_the_list_shows_device_address_times_and_this_browser(app, world, store):
    office, phone = browser(app, FIREFOX, "10.0.0.1"), browser(app, SAFARI, "10.0.0.2")
    office.login(world["coach"])
    phone.login(world["coach"])
    assert 'href="/account/sessions"' in office.get("/account/password").get_data(True)
    page = office.get("/account/sessions").get_data(as_text=True)
    assert "Firefox på Windows" in page and "10.0.0.1" in page
    assert "Safari på iOS" in page and "10.0.0.2" in page
    assert page.count("Den här webbläsaren") == 1
    assert page.index("Firefox på Windows") < page.index("Den här webbläsaren")
    assert page.count("<time datetime=") == 4  # logged in and last seen, for each
    assert f'action="{end_url(phone)}"' in page
    assert f'action="{end_url(office)}"' not in page  # this browser ends by logging out
    assert 'action="/account/sessions/end-others"' in page
    assert "30 minuter utan aktivitet och 12 timmar efter inloggningen" in page


def test_ending_another_session_sends_that_browser_to_the_login_page(app, world, store):
    office, phone = browser(app, FIREFOX, "10.0.0.1"), browser(app, SAFARI, "10.0.0.2")
    office.login(world["coach"])
    phone.login(world["coach"])
    handle = handle_of(phone)
    response = office.post(end_url(phone), follow_redirects=True)
    assert "Sessionen avslutades." in response.get_data(as_text=True)
    assert "Safari på iOS" not in response.get_data(as_text=True)
    assert sent_to_login(phone.get("/"))
    assert office.get("/").status_code == 200
    [line] = logged("auth.session_ended")
    assert line.user_id == world["coach"].id and line.object_id == world["coach"].id
    assert line.details["session"] == handle and line.details["ip"] == "10.0.0.2"
    assert (line.details["browser"], line.details["system"]) == ("Safari", "iOS")
    assert office.post(f"/account/sessions/{handle}/end").status_code == 404  # ended already


def test_a_session_of_someone_else_or_of_nothing_is_a_404_that_tells_nothing(app, world, store):
    mine, colleague = browser(app, FIREFOX, "10.0.0.1"), browser(app, CHROME, "10.0.0.9")
    mine.login(world["coach"])
    colleague.login(world["coach2"])
    assert "10.0.0.9" not in mine.get("/account/sessions").get_data(as_text=True)
    for url in (end_url(colleague), "/account/sessions/nosuch/end", end_url(mine)):
        response = mine.post(url)
        assert response.status_code == 404, url
        assert "10.0.0.9" not in response.get_data(as_text=True)
        assert "Chrome" not in response.get_data(as_text=True)
    assert colleague.get("/").status_code == 200 and mine.get("/").status_code == 200
    assert logged("auth.session_ended") == []


def test_ending_all_other_sessions_keeps_this_browser(app, world, store):
    office, phone, home = (
        browser(app, FIREFOX, "10.0.0.1"),
        browser(app, SAFARI, "10.0.0.2"),
        browser(app, CHROME, "10.0.0.3"),
    )
    for client in (office, phone, home):
        client.login(world["coach"])
    colleague = browser(app, CHROME, "10.0.0.9")
    colleague.login(world["coach2"])
    response = office.post("/account/sessions/end-others", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Dina andra sessioner avslutades." in page
    assert page.count("<time datetime=") == 2  # this browser's alone
    assert sent_to_login(phone.get("/")) and sent_to_login(home.get("/"))
    assert office.get("/").status_code == 200 and colleague.get("/").status_code == 200
    [line] = logged("auth.other_sessions_ended")
    assert line.user_id == world["coach"].id and line.details == {"count": 2}


def test_an_administrator_sees_and_ends_an_accounts_sessions(app, world, store):
    office, phone = browser(app, FIREFOX, "10.0.0.1"), browser(app, SAFARI, "10.0.0.2")
    office.login(world["coach"])
    phone.login(world["coach"])
    admin = browser(app, CHROME, "10.0.0.7")
    admin.login(world["admin"])
    coach_id = world["coach"].id
    page = admin.get(f"/admin/users/{coach_id}").get_data(as_text=True)
    assert "Firefox på Windows" in page and "Safari på iOS" in page and "10.0.0.2" in page
    handle = handle_of(phone)
    one = f"/admin/users/{coach_id}/sessions/{handle}/end"
    assert f'action="{one}"' in page
    response = admin.post(one, follow_redirects=True)
    assert "Sessionen avslutades." in response.get_data(as_text=True)
    assert sent_to_login(phone.get("/")) and office.get("/").status_code == 200
    [line] = logged("admin.session_ended")
    assert line.user_id == world["admin"].id
    assert (line.object_type, line.object_id) == ("users", coach_id)
    assert line.details["session"] == handle and line.details["ip"] == "10.0.0.2"

    response = admin.post(f"/admin/users/{coach_id}/sessions/end", follow_redirects=True)
    assert "Kontots sessioner avslutades." in response.get_data(as_text=True)
    assert sent_to_login(office.get("/"))
    assert admin.get("/").status_code == 200  # the administrator's own session stays
    [line] = logged("admin.sessions_ended")
    assert line.user_id == world["admin"].id and line.details == {"count": 1}
    assert "Inga aktiva sessioner." in admin.get(f"/admin/users/{coach_id}").get_data(True)


def test_an_administrator_ends_only_sessions_of_accounts_they_manage(app, world, store):
    admin, coach, colleague, outsider = (browser(app, CHROME, f"10.0.0.{n}") for n in range(4))
    admin.login(world["admin"])
    coach.login(world["coach"])
    colleague.login(world["coach2"])
    outsider.login(world["other_coach"])
    other_id, coach_id = world["other_coach"].id, world["coach"].id
    for url in (
        f"/admin/users/{other_id}/sessions/end",  # another municipality's account
        f"/admin/users/{other_id}/sessions/{handle_of(outsider)}/end",
        f"/admin/users/{coach_id}/sessions/{handle_of(colleague)}/end",  # not this account's
        f"/admin/users/{coach_id}/sessions/nosuch/end",
        f"/admin/users/{2_000_000_000}/sessions/end",
    ):
        assert admin.post(url).status_code == 404, url
    assert coach.post(f"/admin/users/{world['coach2'].id}/sessions/end").status_code == 403
    for client in (coach, colleague, outsider):
        assert client.get("/").status_code == 200
    assert logged("admin.session_ended") == [] and logged("admin.sessions_ended") == []


def test_sessions_past_their_idle_limit_are_not_listed(app, world, store, stopped_clock):
    phone, office = browser(app, SAFARI, "10.0.0.2"), browser(app, FIREFOX, "10.0.0.1")
    phone.login(world["coach"])
    stopped_clock.shift(timedelta(minutes=20))
    office.login(world["coach"])
    assert "Safari på iOS" in office.get("/account/sessions").get_data(as_text=True)
    stopped_clock.shift(timedelta(minutes=20))  # the phone idle 40 minutes, the office 20
    page = office.get("/account/sessions").get_data(as_text=True)
    assert "Safari på iOS" not in page and "Firefox på Windows" in page


def test_a_shorter_idle_limit_ends_sessions_sooner_and_says_so(
    app, client, world, store, stopped_clock, monkeypatch
):
    monkeypatch.setitem(app.config, "SESSION_IDLE_LIMIT", timedelta(minutes=10))
    monkeypatch.setitem(app.config, "SESSION_MAX_AGE", timedelta(hours=8))
    client.login(world["coach"])
    page = client.get("/account/sessions").get_data(as_text=True)
    assert "10 minuter utan aktivitet och 8 timmar efter inloggningen" in page
    stopped_clock.shift(timedelta(minutes=10, seconds=1))
    response = client.get("/", follow_redirects=True)
    assert "Din session avslutades efter 10 minuter utan aktivitet" in response.get_data(True)


def test_the_device_and_address_are_kept_with_the_record(app, world):
    agent = "Mozilla/5.0 " + "x" * 1000
    client = browser(app, agent, "2001:db8::1")
    client.login(world["coach"])
    row = db.session.scalars(sa.select(UserSession)).one()
    assert row.user_agent == agent[:400] and row.ip == "2001:db8::1"


def limits(**env: str) -> subprocess.CompletedProcess:
    code = (
        "from app.config import Config; "
        "print(Config.SESSION_IDLE_LIMIT.total_seconds(), Config.SESSION_MAX_AGE.total_seconds())"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SESSION_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_limits_come_from_the_environment():
    assert limits().stdout.split() == ["1800.0", "43200.0"]
    configured = limits(SESSION_IDLE_MINUTES="15", SESSION_ABSOLUTE_HOURS="8")
    assert configured.stdout.split() == ["900.0", "28800.0"]
    for wrong in ("0", "-5", "half an hour"):
        refused = limits(SESSION_IDLE_MINUTES=wrong)
        assert refused.returncode != 0 and "SESSION_IDLE_MINUTES must be" in refused.stderr
