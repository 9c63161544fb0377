"""A small cache of computed figures: in the process, or in Redis when `CACHE_STORAGE_URI`
names it, so that every worker of a deployment shares one.

Validera's own rather than Flask-Caching: the one user (the statistics dashboard) needs get and
set of a pickled value, a bound on the memory it takes and nothing else, and the Redis client
is already installed for the sessions, rate limits and jobs. A key names everything the value
depends on, a generation of the data among it (`app.summaries.generation`), so nothing is ever
invalidated by hand: a stale entry is never asked for again and ages out (LRU in the process,
an expiry in Redis). The cache helps and is never needed: when Redis does not answer, the value
is computed as if nothing was cached.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app

EXTENSION = "validera.cache"
MEMORY_ENTRIES = 256  # entries kept in a process; the oldest read goes first
REDIS_SECONDS = 24 * 3600  # an entry nobody read for a day is gone
T = TypeVar("T")
log = logging.getLogger(__name__)


class MemoryStore:
    """Entries in this process, the least recently read dropped past `size`."""

    def __init__(self, size: int = MEMORY_ENTRIES):
        self.size = size
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


class RedisStore:
    """Entries in Redis, shared by every process, each expiring a day after it was read."""

    def __init__(self, client, prefix: str = "validera:cache:"):
        self.client, self.prefix = client, prefix

    def get(self, key: str) -> bytes | None:
        return self.client.getex(self.prefix + key, ex=REDIS_SECONDS)

    def set(self, key: str, value: bytes) -> None:
        self.client.set(self.prefix + key, value, ex=REDIS_SECONDS)


def init_app(app: Flask) -> None:
    """Choose where the entries live: `memory://` (the default) or `redis://...`."""
    uri = app.config.get("CACHE_STORAGE_URI") or "memory://"
    if uri.startswith(("redis://", "rediss://", "unix://")):
        import redis

        app.extensions[EXTENSION] = RedisStore(redis.Redis.from_url(uri))
    elif uri == "memory://":
        app.extensions[EXTENSION] = MemoryStore()
    else:
        raise ValueError(f"CACHE_STORAGE_URI: memory:// or redis://, not {uri!r}")


def _key(parts: tuple) -> str:
    """A short key for the parts (their repr, hashed: scopes and filters make long keys)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cached(parts: tuple, make: Callable[[], T]) -> T:
    """The value cached under `parts`, else `make()`, cached. Each caller gets a copy of its
    own (values are kept pickled), so changing it changes nothing for the next."""
    store = current_app.extensions[EXTENSION]
    key = _key(parts)
    try:
        found = store.get(key)
    except Exception:
        log.warning("the cache did not answer; computing without it", exc_info=True)
        return make()
    if found is not None:
        return pickle.loads(found)  # noqa: S301 - written only by this module
    value = make()
    try:
        store.set(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        log.warning("the cache did not keep a value", exc_info=True)
    return value
