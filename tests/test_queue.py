"""The job queue (app/queue.py): where it lives, when its periodic jobs run, that a job is
queued only once its transaction commits, and that one a database outage stops runs again."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import psycopg
import pytest
import sqlalchemy as sa
from huey import MemoryHuey, RedisHuey, SqliteHuey
from werkzeug.exceptions import InternalServerError

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.outage import is_outage
from app.queue import Interrupted, Job, declare, enqueue, enqueue_on_commit, job, queue
from tests.conftest import settings_of
from tests.jobqueue import run_due, scheduled

DONE: list[int] = []


@job(retries=2, retry_delay=10)
def note(number: int) -> None:
    """A test's job: notes its number."""
    DONE.append(number)


def _app(**settings):
    return create_app({**settings_of(TestConfig), **settings})


def test_the_queue_lives_where_jobs_url_says(tmp_path, monkeypatch):
    monkeypatch.setenv("VALIDERA_INSTANCE", str(tmp_path))
    embedded = queue(_app(JOBS_IMMEDIATE=False, JOBS_URL=None))
    assert isinstance(embedded, SqliteHuey)
    assert embedded.storage.filename == str(tmp_path / "jobs.db")
    redis_queue = queue(_app(JOBS_IMMEDIATE=False, JOBS_URL="redis://127.0.0.1:6379/3"))
    assert isinstance(redis_queue, RedisHuey)
    assert redis_queue.storage.conn.connection_pool.connection_kwargs["db"] == 3
    immediate = queue(_app())
    assert immediate.immediate and isinstance(immediate.storage, type(MemoryHuey().storage))
    with pytest.raises(ValueError, match="JOBS_URL"):
        _app(JOBS_IMMEDIATE=False, JOBS_URL="postgresql://db/validera")


def _due(app, moment: datetime) -> set[str]:
    """The periodic jobs the worker's scheduler queues at `moment` (naive UTC)."""
    return {type(task).__name__ for task in queue(app).read_periodic(moment)}


def test_the_periodic_jobs_and_the_retention_hour_in_stockholm_time(app):
    every_minute = {"revive_exports", "revive_mails", "revive_events", "revive_webhook_deliveries"}
    hourly = {"send_digests"}  # at minute 0; each person's digest waits for their hour
    winter = datetime(2026, 11, 25, 1, 0)  # 02:00 in Stockholm (CET)
    assert _due(app, winter) == every_minute | hourly | {"run_retention"}
    assert _due(app, winter.replace(minute=1)) == every_minute
    assert _due(app, winter.replace(minute=5)) == every_minute | {"purge_ended_sessions"}
    assert _due(app, winter.replace(hour=2)) == every_minute | hourly
    assert _due(app, winter.replace(hour=2, minute=20)) == every_minute | {"prune_sign_in_traces"}
    assert _due(app, winter.replace(hour=2, minute=30)) == every_minute | {"prune_sent_mails"}
    cleanup = {"remove_old_notifications"}  # 03:40 in Stockholm
    assert _due(app, winter.replace(hour=2, minute=40)) == every_minute | cleanup
    pruning = {"prune_webhook_deliveries"}  # 03:50 in Stockholm
    assert _due(app, winter.replace(hour=2, minute=50)) == every_minute | pruning
    tokens = {"prune_api_tokens"}  # 04:00 in Stockholm
    assert _due(app, winter.replace(hour=3)) == every_minute | hourly | tokens
    # The reminders at 06:30 (every day) and 06:40 (Mondays), before the default digest hour.
    assert _due(app, winter.replace(hour=5, minute=30)) == every_minute | {"send_reminders"}
    assert _due(app, winter.replace(hour=5, minute=40)) == every_minute  # a Wednesday
    monday = datetime(2026, 11, 23, 5, 40)  # 06:40 in Stockholm
    assert _due(app, monday) == every_minute | {"send_weekly_reminders"}
    assert _due(app, monday.replace(minute=30)) == every_minute | {"send_reminders"}
    summer = datetime(2026, 6, 10, 0, 0)  # 02:00 in Stockholm (CEST)
    assert _due(app, summer) == every_minute | hourly | {"run_retention"}
    assert _due(app, summer.replace(hour=1, minute=40)) == every_minute | cleanup
    assert _due(app, summer.replace(hour=4, minute=30)) == every_minute | {"send_reminders"}
    later = _app(RETENTION_HOUR=4)
    assert "run_retention" in _due(later, datetime(2026, 11, 25, 3, 0))
    assert "run_retention" not in _due(later, winter)


def test_a_job_is_queued_once_its_transaction_commits_and_never_when_it_rolls_back(app):
    if note not in app.extensions["validera.jobs"]:
        declare(app, note)
    DONE.clear()
    enqueue_on_commit(note, 1)
    db.session.flush()
    assert DONE == []
    db.session.commit()
    assert DONE == [1]
    enqueue_on_commit(note, 2)
    db.session.rollback()
    db.session.commit()
    assert DONE == [1]


def test_a_released_savepoint_queues_nothing_before_the_commit(app):
    if note not in app.extensions["validera.jobs"]:
        declare(app, note)
    DONE.clear()
    enqueue_on_commit(note, 3)
    with db.session.begin_nested():  # released: SQLAlchemy signals after_commit for it too
        db.session.flush()
    assert DONE == []
    db.session.commit()
    assert DONE == [3]


def test_a_job_the_application_was_not_given_is_refused_where_it_is_asked_for(app):
    stranger = Job(lambda: None)
    with pytest.raises(KeyError):
        enqueue_on_commit(stranger)


def test_the_worker_does_not_start_when_jobs_run_at_once():
    app = _app()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["worker"])
    assert result.exit_code != 0 and "JOBS_IMMEDIATE" in result.output


TRIES: list[tuple[int, str]] = []


@job()
def interrupted(number: int, stage: str = "first") -> None:
    """A test's job that finds the database away twice, then is cut off half way once."""
    TRIES.append((number, stage))
    if len(TRIES) <= 2:
        raise sa.exc.OperationalError("SELECT 1", {}, psycopg.OperationalError("refused"))
    if stage == "first":
        raise Interrupted(number, "resumed") from psycopg.OperationalError("server closed")


def test_a_job_a_database_outage_stops_is_tried_again_until_it_completes(app):
    if interrupted not in app.extensions["validera.jobs"]:
        declare(app, interrupted)  # no retries of its own
    TRIES.clear()
    moment = datetime.now(UTC).replace(tzinfo=None)
    enqueue(interrupted, 7)
    for _ in range(3):
        [retry] = scheduled(app)
        wait = (retry.eta - moment).total_seconds()
        assert 15 <= wait < 16  # JOBS_OUTAGE_RETRY_SECONDS after the try
        assert run_due(app, retry.eta) == 1
        moment = retry.eta
    assert TRIES == [(7, "first")] * 3 + [(7, "resumed")]  # again with what it asked for
    assert scheduled(app) == []


def test_outages_are_told_from_other_database_errors():
    locked = sqlite3.OperationalError("database is locked")
    assert is_outage(sa.exc.OperationalError("UPDATE", {}, locked))
    assert is_outage(psycopg.errors.AdminShutdown("terminating connection"))
    assert is_outage(sa.exc.DisconnectionError())
    assert is_outage(InternalServerError(original_exception=psycopg.OperationalError("down")))
    assert not is_outage(
        sa.exc.OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x"))
    )
    assert not is_outage(sa.exc.IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation()))
    assert not is_outage(ValueError("no"))
