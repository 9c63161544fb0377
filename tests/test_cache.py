"""The cache of computed figures: in the process by default, in Redis when configured (shared
by every worker), and never needed: a cache that does not answer is a cache missed."""

from __future__ import annotations

import uuid

import pytest
import redis

from app import cache, create_app
from app.config import TestConfig
from tests.helpers import reachable_redis
from tests.test_migrations import vars_of

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_client():
    client = reachable_redis(REDIS_URL)
    yield client
    client.close()


def test_the_configuration_chooses_the_store():
    settings = vars_of(TestConfig)
    assert isinstance(create_app(settings).extensions[cache.EXTENSION], cache.MemoryStore)
    redis_app = create_app({**settings, "CACHE_STORAGE_URI": REDIS_URL})
    assert isinstance(redis_app.extensions[cache.EXTENSION], cache.RedisStore)
    with pytest.raises(ValueError, match="CACHE_STORAGE_URI"):
        create_app({**settings, "CACHE_STORAGE_URI": "memcached://127.0.0.1"})


def test_a_value_is_made_once_and_each_reader_gets_a_copy(app):
    made = []

    def make():
        made.append(1)
        return {"rows": [1, 2, 3]}

    with app.app_context():
        key = ("test", uuid.uuid4().hex)
        first = cache.cached(key, make)
        first["rows"].clear()
        assert cache.cached(key, make) == {"rows": [1, 2, 3]}
    assert len(made) == 1


def test_the_process_keeps_the_latest_entries():
    store = cache.MemoryStore(size=2)
    store.set("a", b"1")
    store.set("b", b"2")
    store.get("a")
    store.set("c", b"3")
    assert (store.get("a"), store.get("b"), store.get("c")) == (b"1", None, b"3")


def test_workers_share_the_entries_in_redis(app, redis_client):
    prefix = f"validera-test-{uuid.uuid4().hex}:"
    one, two = (cache.RedisStore(redis_client, prefix=prefix) for _ in range(2))
    key = ("test", uuid.uuid4().hex)
    try:
        with app.app_context():
            app.extensions[cache.EXTENSION] = one
            assert cache.cached(key, lambda: "made by the first") == "made by the first"
            app.extensions[cache.EXTENSION] = two
            assert cache.cached(key, lambda: "made by the second") == "made by the first"
    finally:
        app.extensions[cache.EXTENSION] = cache.MemoryStore()
        keys = list(redis_client.scan_iter(f"{prefix}*"))
        if keys:
            redis_client.delete(*keys)


def test_a_cache_that_does_not_answer_is_a_cache_missed(app):
    nowhere = cache.RedisStore(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    saved = app.extensions[cache.EXTENSION]
    try:
        with app.app_context():
            app.extensions[cache.EXTENSION] = nowhere
            assert cache.cached(("test", "down"), lambda: 42) == 42
    finally:
        app.extensions[cache.EXTENSION] = saved
