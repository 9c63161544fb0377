"""Server-side sessions: one record per login, which logging out ends.

The session cookie (signed by Flask) carries a random token; the record, keyed by the token's
SHA-256, says whose session it is, when it began and when it was last used. Logging out, a new
password, deactivation of the account and "log out everywhere" delete records, so a cookie
copied before that opens nothing afterwards, however often it is replayed. Each login makes a
new token (the old cookie's contents are dropped), and a request that races a logout cannot put
the session back: it can only hand the browser a token whose record is gone.

A session ends after SESSION_IDLE_LIMIT without a request and SESSION_MAX_AGE after login. The
time last seen is written at most once a SESSION_SEEN_RESOLUTION, so most requests cost one
lookup: with records in the database, the user and their roles come in the same query.
Records live in the database (`user_sessions`) unless SESSION_STORAGE_URI names Redis. Each
keeps the browser's User-Agent and the address of the login, which the person's list of their
sessions shows (`app/auth/active_sessions.py`); a session is named there by its `handle`, a hash
of the key, so the page never shows the key itself.
Expired records: a login removes its user's; `flask purge-sessions` removes everyone's
(Redis drops its own when they reach SESSION_MAX_AGE).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import Flask, current_app, flash, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy.orm import joinedload

from app.auth.models import AGENT_LENGTH, User, UserSession
from app.db import utcnow
from app.extensions import db
from app.organisations.models import Employer, Municipality

if TYPE_CHECKING:
    from app.auth.session_redis import RedisSessions

EXTENSION = "validera.sessions"


def init_app(app: Flask) -> None:
    """Choose where session records live."""
    uri = app.config.get("SESSION_STORAGE_URI")
    if uri and uri.startswith(("redis://", "rediss://", "unix://")):
        import redis

        from app.auth.session_redis import RedisSessions

        app.extensions[EXTENSION] = RedisSessions(redis.Redis.from_url(uri))
    elif uri:
        raise ValueError(f"SESSION_STORAGE_URI: only redis:// is understood, not {uri!r}")
    else:
        app.extensions[EXTENSION] = DatabaseSessions()


def store() -> DatabaseSessions | RedisSessions:
    """The session records of this application (database or Redis)."""
    return current_app.extensions[EXTENSION]


def digest(token: str) -> str:
    """The record's key: the token's SHA-256 (the table does not hold live cookies)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionRecord:
    """One session of a user as the store keeps it."""

    key: str
    created_at: datetime
    last_seen_at: datetime
    user_agent: str | None = None
    ip: str | None = None

    @property
    def handle(self) -> str:
        """The session's name on pages, in URLs and in the log: a hash of its key, which
        cannot be worked back to the key."""
        return hashlib.sha256(f"handle:{self.key}".encode()).hexdigest()[:16]


def _client() -> tuple[str | None, str | None]:
    """The browser's User-Agent and the address of this request, if there is one."""
    if not has_request_context():
        return None, None
    return (request.user_agent.string or None), request.remote_addr


def open_session(user: User) -> None:
    """Log `user` in with a new session token (the cookie's earlier contents are dropped)."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    token = secrets.token_urlsafe(32)
    agent, ip = _client()
    store().start(digest(token), user.id, utcnow(), agent=agent and agent[:AGENT_LENGTH], ip=ip)
    user.session_token = token
    login_user(user)


def close_session() -> None:
    """End this browser's session: its record, and the cookie's login."""
    token = session.get("_user_id")
    if token:
        store().end(digest(token))
    logout_user()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def end_sessions(user: User) -> None:
    """End every session of `user` (a new password, deactivation, "log out everywhere")."""
    store().end_all(user.id)


def load_user(token: str) -> User | None:
    """Flask-Login's loader: the active user of the live session this token names."""
    now, config = utcnow(), current_app.config
    key = digest(token)
    found = store().find(key, now - config["SESSION_MAX_AGE"])
    if found is None:
        session.pop("_user_id", None)  # the browser may forget the dead token
        return None
    user, seen = found
    if now - seen > config["SESSION_IDLE_LIMIT"]:
        store().end(key)
        db.session.commit()
        session.pop("_user_id", None)
        minutes = round(config["SESSION_IDLE_LIMIT"].total_seconds() / 60)
        flash(
            _l(
                "Your session ended after %(minutes)s minutes without activity. Log in again.",
                minutes=minutes,
            ),
            "info",
        )
        return None
    if now - seen >= config["SESSION_SEEN_RESOLUTION"]:
        # The request's transaction has done nothing yet: the session is loaded first.
        store().touch(key, now)
        db.session.commit()
    user.session_token = token
    return user


def purge_expired() -> int:
    """Remove the records of sessions past their idle limit or their age; how many."""
    now, config = utcnow(), current_app.config
    return store().purge(now - config["SESSION_IDLE_LIMIT"], now - config["SESSION_MAX_AGE"])


def active_user_query():
    """The active users, each with their roles (every request asks for them: access checks,
    menu) and the name of their organisation (every page's header) in the same query."""
    return (
        sa.select(User, organisation_name())
        .where(User.is_active.is_(True))
        .options(joinedload(User.role_rows))
    )


def organisation_name():
    """The name of the user's municipality or employer, as a column of the user's row."""
    municipality = sa.select(Municipality.name).where(Municipality.id == User.municipality_id)
    employer = sa.select(Employer.name).where(Employer.id == User.employer_id)
    return sa.func.coalesce(municipality.scalar_subquery(), employer.scalar_subquery())


def with_organisation(row) -> User:
    """The user of a row of `active_user_query`, knowing their organisation's name."""
    user, name = row[0], row[1]
    user.organisation_name = name
    return user


class DatabaseSessions:
    """Session records in the `user_sessions` table, in the request's transaction."""

    def start(
        self,
        key: str,
        user_id: int,
        now: datetime,
        *,
        agent: str | None = None,
        ip: str | None = None,
    ) -> None:
        """Record a new session, and clear the user's expired ones away."""
        config = current_app.config
        db.session.execute(
            sa.delete(UserSession).where(
                UserSession.user_id == user_id,
                sa.or_(
                    UserSession.last_seen_at < now - config["SESSION_IDLE_LIMIT"],
                    UserSession.created_at < now - config["SESSION_MAX_AGE"],
                ),
            )
        )
        db.session.add(
            UserSession(
                id=key, user_id=user_id, created_at=now, last_seen_at=now, user_agent=agent, ip=ip
            )
        )

    def sessions_of(self, user_id: int) -> list[SessionRecord]:
        """Every record of the user's, expired ones included."""
        rows = db.session.scalars(sa.select(UserSession).where(UserSession.user_id == user_id))
        return [
            SessionRecord(row.id, row.created_at, row.last_seen_at, row.user_agent, row.ip)
            for row in rows
        ]

    def find(self, key: str, born_after: datetime) -> tuple[User, datetime] | None:
        """The active user of the session and when it was last seen, in one query."""
        query = (
            active_user_query()
            .add_columns(UserSession.last_seen_at)
            .join(UserSession, UserSession.user_id == User.id)
            .where(UserSession.id == key, UserSession.created_at > born_after)
        )
        row = db.session.execute(query).unique().first()
        return (with_organisation(row), row[2]) if row else None

    def touch(self, key: str, now: datetime) -> None:
        db.session.execute(
            sa.update(UserSession).where(UserSession.id == key).values(last_seen_at=now)
        )

    def end(self, key: str) -> None:
        db.session.execute(sa.delete(UserSession).where(UserSession.id == key))

    def end_all(self, user_id: int) -> None:
        db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user_id))

    def purge(self, seen_before: datetime, born_before: datetime) -> int:
        expired = sa.or_(
            UserSession.last_seen_at < seen_before, UserSession.created_at < born_before
        )
        return db.session.execute(sa.delete(UserSession).where(expired)).rowcount
