"""The sessions a person can see and end, and an administrator can end for them.

A person's live sessions (not past their idle limit or their age) are listed with the device
(browser and system, from the User-Agent), the address of the login, when it began and when it
was last seen; the session of this browser is marked. Sessions are named by their handle (see
`SessionRecord.handle`), and a handle is only ever looked up among the sessions of the account
in question, so no one can end, or learn anything about, a session of someone else.
Works on either store (database or Redis) through `app.auth.sessions.store()`. Each end is
logged: by the person (`auth.session_ended`, `auth.other_sessions_ended`) or by an administrator
(`admin.session_ended`, `admin.sessions_ended`); the services never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from app.audit import record
from app.auth.devices import Device, device
from app.auth.models import User
from app.auth.sessions import SessionRecord, digest, end_sessions, store
from app.db import utcnow


@dataclass(frozen=True)
class ActiveSession:
    """A live session as the list shows it."""

    handle: str
    device: Device
    ip: str | None
    created_at: datetime
    last_seen_at: datetime
    is_current: bool
    key: str  # for ending it; never shown

    def details(self) -> dict[str, str | None]:
        """Which session this was, for the audit log."""
        return {
            "session": self.handle,
            "browser": self.device.browser,
            "system": self.device.system,
            "ip": self.ip,
            "signed_in_at": self.created_at.isoformat(),
        }


def _current_key(viewer: User | None) -> str | None:
    token = getattr(viewer, "session_token", None)
    return digest(token) if token else None


def _live(found: SessionRecord, now: datetime) -> bool:
    config = current_app.config
    return (
        now - found.last_seen_at <= config["SESSION_IDLE_LIMIT"]
        and now - found.created_at < config["SESSION_MAX_AGE"]
    )


def active_sessions(user: User, viewer: User | None = None) -> list[ActiveSession]:
    """The live sessions of `user`, the one `viewer` is using (if any) first, then the most
    recently seen."""
    now, current = utcnow(), _current_key(viewer)
    shown = [
        ActiveSession(
            found.handle,
            device(found.user_agent),
            found.ip,
            found.created_at,
            found.last_seen_at,
            found.key == current,
            found.key,
        )
        for found in store().sessions_of(user.id)
        if _live(found, now)
    ]
    return sorted(shown, key=lambda s: (not s.is_current, -s.last_seen_at.timestamp()))


def find_session(user: User, handle: str, viewer: User | None = None) -> ActiveSession | None:
    """The live session of `user` named `handle`, or None (whoever else's it may be)."""
    return next((s for s in active_sessions(user, viewer) if s.handle == handle), None)


def end_own_session(user: User, ended: ActiveSession) -> None:
    """The person ends one of their sessions (in another browser)."""
    store().end(ended.key)
    record("auth.session_ended", user, user=user, details=ended.details())


def end_other_sessions(user: User) -> int:
    """The person ends every session of theirs but this browser's; how many live ones ended."""
    current = _current_key(user)
    live = [s for s in active_sessions(user, user) if not s.is_current]
    for found in store().sessions_of(user.id):
        if found.key != current:
            store().end(found.key)
    record("auth.other_sessions_ended", user, user=user, details={"count": len(live)})
    return len(live)


def end_session_by_admin(user: User, ended: ActiveSession, actor: User) -> None:
    """An administrator ends one session of `user`."""
    store().end(ended.key)
    record("admin.session_ended", user, user=actor, details=ended.details())


def end_sessions_by_admin(user: User, actor: User) -> int:
    """An administrator ends every session of `user`; how many live ones ended."""
    count = len(active_sessions(user))
    end_sessions(user)
    record("admin.sessions_ended", user, user=actor, details={"count": count})
    return count
