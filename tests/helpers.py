"""Small tools several test modules share."""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.extensions import db


@contextmanager
def count_queries():
    """Collect the SQL statements sent inside the block: `with count_queries() as sent:`."""
    sent: list[str] = []

    def count(conn, cursor, statement, *args):
        sent.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def second_waits_for_first(engine, first, second) -> list[Exception]:
    """Two transactions at once on PostgreSQL: `first(session)` and `second(session)`, each in a
    session of its own, flushed, then committed.

    The first is held open after its flush while the second starts; the second must not get
    through its work and flush until the first has committed (it waits on a row lock). Then
    both finish. Returns what either raised.
    """
    failures: list[Exception] = []
    first_flushed, release_first, second_flushed = (threading.Event() for _ in range(3))

    def runner(work, flushed: threading.Event, release: threading.Event | None):
        def run() -> None:
            try:
                with Session(engine) as session:
                    work(session)
                    session.flush()
                    flushed.set()
                    if release is not None:
                        release.wait(10)
                    session.commit()
            except Exception as error:
                failures.append(error)
                flushed.set()

        return threading.Thread(target=run)

    one = runner(first, first_flushed, release_first)
    two = runner(second, second_flushed, None)
    one.start()
    assert first_flushed.wait(10)
    two.start()
    assert not second_flushed.wait(0.5)
    release_first.set()
    one.join(10)
    two.join(10)
    return failures


def form_posting_to(page: str, action: str) -> str:
    """The HTML of the one form of `page` that posts to `action` (its `action`, or a button's
    `formaction`), to check which fields stand beside which button."""
    forms = re.findall(r"<form\b.*?</form>", page, flags=re.DOTALL)
    found = [f for f in forms if f'action="{action}"' in f]
    assert len(found) == 1, (action, len(found))
    return found[0]


def reachable_redis(url: str = "redis://127.0.0.1:6379/0"):
    """A client of the Redis at `url`, which runs on this machine and on CI's: on CI a Redis
    that does not answer fails the test; elsewhere the test is skipped, naming what is missing."""
    import os

    import pytest
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {url}")
    return client
