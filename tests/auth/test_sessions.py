"""Server-side sessions: what logging out, a new password, deactivation and "log out everywhere"
end, token rotation at login, idle and age limits, one lookup per request."""

from datetime import timedelta

import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import LoginAttempt, PasswordReset, UserSession
from app.auth.tasks import prune_sign_in_traces, purge_ended_sessions
from app.db import utcnow
from app.extensions import db
from tests.cases.factories import make_case
from tests.conftest import PASSWORD
from tests.helpers import count_queries

NEW_PASSWORD = "another long password"


def token_of(client) -> str:
    """The signed session cookie as the browser keeps it."""
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A fresh browser sending a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def sent_to_login(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/login")


def sessions_of(user) -> int:
    query = sa.select(sa.func.count()).where(UserSession.user_id == user.id)
    return db.session.scalar(query)


def test_a_cookie_copied_before_logout_gets_the_login_page_after_it(
    app, client, world, stopped_clock
):
    case = make_case(world["coach"])
    client.login(world["coach"])
    assert client.get(f"/cases/{case.id}").status_code == 200
    copied = token_of(client)
    assert replay(app, copied).get(f"/cases/{case.id}").status_code == 200  # a live session
    client.logout()
    assert sent_to_login(replay(app, copied).get(f"/cases/{case.id}"))
    stopped_clock.shift(timedelta(minutes=1, seconds=30))
    assert sent_to_login(replay(app, copied).get(f"/cases/{case.id}"))
    stopped_clock.shift(timedelta(minutes=5))
    assert sent_to_login(replay(app, copied).get("/"))
    assert sessions_of(world["coach"]) == 0
    logged = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.user_id == world["coach"].id)
        .order_by(AuditEvent.id)
    ).all()
    assert logged[-1] == "auth.logged_out"  # and the replays after it read nothing


def test_a_response_racing_the_logout_cannot_put_the_session_back(app, client, world):
    """A page that was on its way when the person logged out hands back a cookie from before:
    its token names no session any more."""
    client.login(world["coach"])
    racing = client.post("/language", data={"language": "en", "next": "/"})
    racing_cookie = racing.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    client.logout()
    client.set_cookie("session", racing_cookie)  # the late response arrives
    assert sent_to_login(client.get("/"))


def test_page_views_do_not_rewrite_the_cookie(client, world, stopped_clock):
    client.login(world["coach"])
    for _ in range(3):
        response = client.get("/")
        assert response.status_code == 200 and "Set-Cookie" not in response.headers
        stopped_clock.shift(timedelta(minutes=2))  # "last seen" is kept on the server


def test_each_login_gets_a_new_token_and_drops_what_the_cookie_held(app, client, world):
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    client.login(world["coach"])
    first = token_of(client)
    with client.session_transaction() as after:
        assert "planted" not in after
    client.logout()
    client.login(world["coach"])
    assert token_of(client) != first
    assert sent_to_login(replay(app, first).get("/"))


def test_logging_out_in_one_browser_leaves_the_others(app, world):
    office, home = app.test_client(), app.test_client()
    office.login(world["coach"])
    home.login(world["coach"])
    office.logout()
    assert sent_to_login(office.get("/"))
    assert home.get("/").status_code == 200


def test_log_out_everywhere_ends_every_session_of_the_user(app, world):
    office, home, colleague = app.test_client(), app.test_client(), app.test_client()
    office.login(world["coach"])
    home.login(world["coach"])
    colleague.login(world["coach2"])
    page = home.get("/account/password").get_data(as_text=True)
    assert 'action="/account/sessions/end"' in page
    response = home.post("/account/sessions/end", follow_redirects=True)
    assert "Du är utloggad överallt." in response.get_data(as_text=True)
    assert sent_to_login(office.get("/")) and sent_to_login(home.get("/"))
    assert colleague.get("/").status_code == 200
    assert sessions_of(world["coach"]) == 0
    line = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "auth.logged_out_everywhere")
    )
    assert line is not None and line.user_id == world["coach"].id


def test_a_new_password_ends_the_other_sessions_and_renews_this_one(app, world):
    office, home = app.test_client(), app.test_client()
    office.login(world["coach"])
    home.login(world["coach"])
    before = token_of(home)
    response = home.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert sent_to_login(office.get("/"))
    assert home.get("/").status_code == 200 and token_of(home) != before
    assert sent_to_login(replay(app, before).get("/"))
    assert sessions_of(world["coach"]) == 1


def test_deactivation_by_an_administrator_ends_the_sessions_for_good(app, world):
    admin, coach = app.test_client(), app.test_client()
    admin.login(world["admin"])
    coach.login(world["coach"])
    copied = token_of(coach)
    admin.post(f"/admin/users/{world['coach'].id}/active", data={"active": "0"})
    assert sent_to_login(coach.get("/"))
    assert sessions_of(world["coach"]) == 0
    admin.post(f"/admin/users/{world['coach'].id}/active", data={"active": "1"})
    assert world["coach"].is_active
    assert sent_to_login(replay(app, copied).get("/"))  # reactivation revives no session


def test_a_session_ends_after_30_idle_minutes(client, world, stopped_clock):
    client.login(world["coach"])
    for _ in range(3):  # in use: 29 minutes between requests is fine
        stopped_clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
    stopped_clock.shift(timedelta(minutes=30, seconds=1))
    response = client.get("/", follow_redirects=True)
    assert "Din session avslutades efter 30 minuter utan aktivitet" in response.get_data(True)
    assert sessions_of(world["coach"]) == 0


def test_a_session_ends_twelve_hours_after_login_however_busy(client, world, stopped_clock):
    client.login(world["coach"])
    for _ in range(12 * 3 - 1):
        stopped_clock.shift(timedelta(minutes=20))
        assert client.get("/").status_code == 200
    stopped_clock.shift(timedelta(minutes=20))
    assert sent_to_login(client.get("/"))


def session_statements(sent: list[str]) -> list[str]:
    """The statements that read or write sessions or users (not the test's savepoints, not the
    page's own queries)."""
    return [q for q in sent if "user_sessions" in q or "FROM users" in q]


def test_one_lookup_per_request_and_last_seen_written_once_a_minute(client, world, stopped_clock):
    client.login(world["coach"])
    with count_queries() as sent:
        assert client.get("/accessibility").status_code == 200
    [lookup] = session_statements(sent)  # the session, its user and the roles together
    assert "JOIN user_sessions" in lookup and "user_roles" in lookup
    stopped_clock.shift(timedelta(seconds=61))
    with count_queries() as sent:
        client.get("/accessibility")
    lookup, update = session_statements(sent)
    assert update.startswith("UPDATE user_sessions SET last_seen_at")
    with count_queries() as sent:
        client.get("/accessibility")
    assert len(session_statements(sent)) == 1


def test_ended_sessions_are_removed_at_login_and_by_the_command(app, world, stopped_clock):
    first, second, other = app.test_client(), app.test_client(), app.test_client()
    first.login(world["coach"])
    other.login(world["assessor"])
    stopped_clock.shift(timedelta(minutes=31))
    second.login(world["coach"])  # the coach's idle session goes
    assert sessions_of(world["coach"]) == 1 and sessions_of(world["assessor"]) == 1
    stopped_clock.shift(timedelta(minutes=31))
    result = app.test_cli_runner().invoke(args=["purge-sessions"])
    assert result.exit_code == 0 and "2 ended sessions removed" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0


def test_the_table_keeps_no_live_cookie(client, world):
    client.login(world["coach"])
    with client.session_transaction() as session:
        token = session["_user_id"]
    row = db.session.scalars(sa.select(UserSession)).one()
    assert row.id != token and len(row.id) == 64 and token not in row.id


def test_the_session_cookie_is_httponly_samesite_and_ends_with_the_browser(client, world):
    cookie = client.login(world["coach"]).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie


def test_the_worker_removes_ended_sessions_every_hour(app, world, stopped_clock):
    client = app.test_client()
    client.login(world["coach"])
    stopped_clock.shift(timedelta(minutes=29))
    purge_ended_sessions()
    assert sessions_of(world["coach"]) == 1  # still live
    stopped_clock.shift(timedelta(minutes=2))
    purge_ended_sessions()
    purge_ended_sessions()  # a second run finds nothing
    assert sessions_of(world["coach"]) == 0


def test_the_worker_removes_old_login_attempts_and_spent_password_links(app, world, stopped_clock):
    coach = world["coach"]
    app.test_client().post("/login", data={"email": coach.email, "password": "fel"})
    app.test_client().post("/password/forgotten", data={"email": coach.email})
    used = PasswordReset(
        user_id=coach.id, token_hash="b" * 64, password_fingerprint="x", used_at=utcnow()
    )
    used.expires_at = utcnow() + timedelta(minutes=30)
    db.session.add(used)
    db.session.flush()
    prune_sign_in_traces()
    assert count(LoginAttempt) == 1 and count(PasswordReset) == 2  # all still fresh
    stopped_clock.shift(timedelta(days=1, hours=1))
    prune_sign_in_traces()
    assert count(LoginAttempt) == 1 and count(PasswordReset) == 0  # links expired or used
    stopped_clock.shift(timedelta(days=app.config["LOGIN_ATTEMPTS_KEEP_DAYS"]))
    prune_sign_in_traces()
    assert count(LoginAttempt) == 0


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))
