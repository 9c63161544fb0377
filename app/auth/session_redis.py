"""Session records in Redis, for installations that say so in SESSION_STORAGE_URI.

A record is a hash `<prefix>session:<key>` (user id, when it began, when last seen) that Redis
drops itself SESSION_MAX_AGE after login; a set `<prefix>user:<id>:sessions` names each user's
records so that all of them can be ended at once. Writes take effect at once, not at the
request's commit: an ended session stays ended even if the request then fails.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import redis
import sqlalchemy as sa
from flask import current_app

from app.auth.models import User
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

    def start(self, key: str, user_id: int, now: datetime) -> None:
        lifetime = math.ceil(current_app.config["SESSION_MAX_AGE"].total_seconds())
        stamp = now.timestamp()
        with self.client.pipeline() as pipe:
            pipe.hset(self._record(key), mapping={"user": user_id, "born": stamp, "seen": stamp})
            pipe.expire(self._record(key), lifetime)
            pipe.sadd(self._user_set(user_id), key)
            pipe.expire(self._user_set(user_id), lifetime)
            pipe.execute()

    def find(self, key: str, born_after: datetime) -> tuple[User, datetime] | None:
        record = self.client.hgetall(self._record(key))
        if not record or float(record[b"born"]) <= born_after.timestamp():
            return None
        query = (
            sa.select(User)
            .where(User.id == int(record[b"user"]), User.is_active.is_(True))
            .options(sa.orm.joinedload(User.role_rows))
        )
        user = db.session.scalars(query).unique().first()
        if user is None:
            return None
        return user, datetime.fromtimestamp(float(record[b"seen"]), UTC)

    def touch(self, key: str, now: datetime) -> None:
        self._touch(keys=[self._record(key)], args=[now.timestamp()])

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
