"""Session records in Redis, for installations that say so in SESSION_STORAGE_URI.

A record is a hash `<prefix>session:<key>` (user id, when it began, when last seen, the browser's
User-Agent and the address of the login, empty when unknown) that Redis
drops itself SESSION_MAX_AGE after login; a set `<prefix>user:<id>:sessions` names each user's
records so that all of them can be ended at once. Writes take effect at once, not at the
request's commit: an ended session stays ended even if the request then fails.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import redis
from flask import current_app

from app.auth.models import User
from app.auth.sessions import SessionRecord, active_user_query, with_organisation
from app.extensions import db

# Only a record that still exists is marked seen: a request racing a logout must not bring
# back (part of) the record the logout deleted.
_TOUCH = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('HSET', KEYS[1], 'seen', ARGV[1])
end
return 0
"""


class RedisSessions:
    """The same operations as `DatabaseSessions`, on Redis."""

    def __init__(self, client: redis.Redis, prefix: str = "validera:") -> None:
        self.client = client
        self.prefix = prefix
        self._touch = client.register_script(_TOUCH)

    def _record(self, key: str) -> str:
        return f"{self.prefix}session:{key}"

    def _user_set(self, user_id: int | str) -> str:
        return f"{self.prefix}user:{user_id}:sessions"

    def start(
        self,
        key: str,
        user_id: int,
        now: datetime,
        *,
        agent: str | None = None,
        ip: str | None = None,
    ) -> None:
        lifetime = math.ceil(current_app.config["SESSION_MAX_AGE"].total_seconds())
        stamp = now.timestamp()
        record = {"user": user_id, "born": stamp, "seen": stamp}
        record |= {"agent": agent or "", "ip": ip or ""}  # empty: not known
        with self.client.pipeline() as pipe:
            pipe.hset(self._record(key), mapping=record)
            pipe.expire(self._record(key), lifetime)
            pipe.sadd(self._user_set(user_id), key)
            pipe.expire(self._user_set(user_id), lifetime)
            pipe.execute()

    def find(self, key: str, born_after: datetime) -> tuple[User, datetime] | None:
        record = self.client.hgetall(self._record(key))
        if not record or float(record[b"born"]) <= born_after.timestamp():
            return None
        query = active_user_query().where(User.id == int(record[b"user"]))
        row = db.session.execute(query).unique().first()
        if row is None:
            return None
        user = with_organisation(row)
        return user, datetime.fromtimestamp(float(record[b"seen"]), UTC)

    def touch(self, key: str, now: datetime) -> None:
        self._touch(keys=[self._record(key)], args=[now.timestamp()])

    def sessions_of(self, user_id: int) -> list[SessionRecord]:
        """Every record of the user's that Redis still has (it drops them at their age: their
        names then leave the user's set here)."""
        keys = [key.decode() for key in self.client.smembers(self._user_set(user_id))]
        with self.client.pipeline() as pipe:
            for key in keys:
                pipe.hgetall(self._record(key))
            records = pipe.execute()
        gone = [key for key, record in zip(keys, records, strict=True) if not record]
        if gone:
            self.client.srem(self._user_set(user_id), *gone)
        return [_session(key, record) for key, record in zip(keys, records, strict=True) if record]

    def end(self, key: str) -> None:
        user_id = self.client.hget(self._record(key), "user")
        with self.client.pipeline() as pipe:
            pipe.delete(self._record(key))
            if user_id is not None:
                pipe.srem(self._user_set(user_id.decode()), key)
            pipe.execute()

    def end_all(self, user_id: int) -> None:
        keys = self.client.smembers(self._user_set(user_id))
        records = [self._record(key.decode()) for key in keys]
        self.client.delete(self._user_set(user_id), *records)

    def purge(self, seen_before: datetime, born_before: datetime) -> int:
        """Nothing to do: Redis drops each record when it reaches its age. An idle record is
        ended when its cookie comes back, or dropped at that age."""
        return 0


def _session(key: str, record: dict[bytes, bytes]) -> SessionRecord:
    def when(field: bytes) -> datetime:
        return datetime.fromtimestamp(float(record[field]), UTC)

    return SessionRecord(
        key,
        when(b"born"),
        when(b"seen"),
        record.get(b"agent", b"").decode() or None,
        record.get(b"ip", b"").decode() or None,
    )
