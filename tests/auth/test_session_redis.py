"""Session records in Redis (SESSION_STORAGE_URI), against the real server at 127.0.0.1:6379."""

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app import create_app
from app.auth.models import UserSession
from app.auth.session_redis import RedisSessions
from app.auth.sessions import EXTENSION, DatabaseSessions
from app.config import TestConfig
from app.db import utcnow
from app.extensions import db
from tests.auth.test_sessions import replay, sent_to_login, token_of
from tests.conftest import PASSWORD
from tests.helpers import reachable_redis
from tests.test_migrations import vars_of

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_client():
    client = reachable_redis(REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def sessions(app, redis_client, monkeypatch) -> RedisSessions:
    """The app's sessions in Redis, under a prefix of this test's own, removed afterwards."""
    store = RedisSessions(redis_client, prefix=f"validera-test-{uuid.uuid4().hex}:")
    monkeypatch.setitem(app.extensions, EXTENSION, store)
    yield store
    keys = list(redis_client.scan_iter(f"{store.prefix}*"))
    if keys:
        redis_client.delete(*keys)


def records(store: RedisSessions) -> list[bytes]:
    return list(store.client.scan_iter(f"{store.prefix}session:*"))


def test_the_configuration_chooses_redis(redis_client):
    settings = {**vars_of(TestConfig), "SESSION_STORAGE_URI": REDIS_URL}
    assert isinstance(create_app(settings).extensions[EXTENSION], RedisSessions)
    assert isinstance(create_app(vars_of(TestConfig)).extensions[EXTENSION], DatabaseSessions)
    with pytest.raises(ValueError, match="SESSION_STORAGE_URI"):
        create_app({**settings, "SESSION_STORAGE_URI": "memcached://127.0.0.1"})


def test_a_cookie_copied_before_logout_gets_the_login_page_after_it(
    app, client, world, sessions, stopped_clock
):
    client.login(world["coach"])
    assert client.get("/").status_code == 200
    [record] = records(sessions)
    assert 0 < sessions.client.ttl(record) <= 12 * 3600  # Redis drops it at the latest then
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0
    copied = token_of(client)
    client.logout()
    assert records(sessions) == []
    assert sent_to_login(replay(app, copied).get("/"))
    stopped_clock.shift(timedelta(minutes=3))
    assert sent_to_login(replay(app, copied).get("/"))


def test_log_out_everywhere_a_new_password_and_deactivation_end_every_session(app, world, sessions):
    office, home, admin = app.test_client(), app.test_client(), app.test_client()
    office.login(world["coach"])
    home.login(world["coach"])
    home.post("/account/sessions/end")
    assert sent_to_login(office.get("/")) and sent_to_login(home.get("/"))
    assert records(sessions) == []

    office.login(world["coach"])
    home.login(world["coach"])
    new = "another long password"
    home.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "repeat_password": new},
    )
    assert sent_to_login(office.get("/")) and home.get("/").status_code == 200
    assert len(records(sessions)) == 1

    admin.login(world["admin"])
    admin.post(f"/admin/users/{world['coach'].id}/active", data={"active": "0"})
    assert sent_to_login(home.get("/"))
    assert len(records(sessions)) == 1  # the administrator's own


def test_idle_sessions_end_and_an_ended_record_is_not_marked_seen_again(
    client, world, sessions, stopped_clock
):
    client.login(world["coach"])
    [record] = records(sessions)
    key = record.decode().rpartition(":")[2]
    stopped_clock.shift(timedelta(minutes=29))
    assert client.get("/").status_code == 200  # marked seen
    stopped_clock.shift(timedelta(minutes=29))
    assert client.get("/").status_code == 200
    stopped_clock.shift(timedelta(minutes=31))
    response = client.get("/", follow_redirects=True)
    assert "Din session avslutades efter 30 minuter utan aktivitet" in response.get_data(True)
    assert records(sessions) == []
    sessions.touch(key, utcnow())  # a request that loaded the session before it ended
    assert records(sessions) == []
