"""The job queue: background work in a worker process of its own (Huey).

An area declares a job in its `tasks.py` and hands it to the application in its `init_app`;
a service asks for it once the transaction commits:

    @job(retries=5, retry_delay=60, backoff=2)          # app/<area>/tasks.py
    def send_mail(mail_id: int) -> None: ...

    @periodic(daily_at("RETENTION_HOUR"))               # at minute 0 of that hour, Stockholm time
    def run_retention() -> None: ...

    declare(app, tasks.send_mail, tasks.run_retention)  # the area's init_app
    enqueue_on_commit(tasks.send_mail, mail.id)         # a service; nothing when it rolls back

A job runs in the worker (`flask --app app worker`), in an application context of the worker's
own application, with a database session of its own that it commits. A job that fails with an
exception is tried again `retries` times, after `retry_delay` seconds, then after that many times
`backoff` more each time; one that fails because the database cannot be reached is tried again
after JOBS_OUTAGE_RETRY_SECONDS, as often as it takes, without using up its retries (raising
`Interrupted(*args)` from the database's error runs it again with other arguments). Huey
delivers a job at least once, not exactly once: a worker killed in the middle of one loses it,
and a job may come twice. So every job is idempotent and keeps its state in a row of its own
(done, or taken by a run that is still alive): a periodic job of the area (`on_start=True`:
also when a worker starts) gives again the work whose run died. A job that finds its work done,
or taken by a live run, does nothing.

Where the queue lives (JOBS_URL): `sqlite:///<file>` (default: instance/jobs.db, for one machine
as under `make run`) or `redis://host:port/db` (several machines). With JOBS_IMMEDIATE (the
tests), a job runs at once where it is asked for, in memory, with no worker.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey
from huey import crontab as huey_crontab
from huey.exceptions import RetryTask

from app.areas import listen
from app.extensions import db
from app.outage import is_outage

EXTENSION = "validera.queue"
PENDING = "validera.jobs_pending"  # in a session's info: the jobs to enqueue once it commits

# When a periodic job runs: given the local time (BABEL_DEFAULT_TIMEZONE) at a whole minute and
# the application's configuration.
Schedule = Callable[[datetime, Mapping[str, Any]], bool]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A function that runs in the worker, with how it is tried again; made by `job()` or
    `periodic()`. Calling it runs the function here and now (e.g. from a command)."""

    function: Callable[..., Any]
    retries: int = 0
    retry_delay: int = 0
    backoff: float = 1.0
    schedule: Schedule | None = None
    on_start: bool = False
    name: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.function.__name__)

    def __call__(self, *args: Any) -> Any:
        return self.function(*args)


def job(retries: int = 0, retry_delay: int = 0, backoff: float = 2.0) -> Callable[..., Job]:
    """Declare a job: tried again `retries` times after a failure, first after `retry_delay`
    seconds, each wait `backoff` times the one before."""
    return functools.partial(Job, retries=retries, retry_delay=retry_delay, backoff=backoff)


def periodic(
    schedule: Schedule, *, on_start: bool = False, retries: int = 0, retry_delay: int = 0
) -> Callable[..., Job]:
    """Declare a job the worker runs by itself whenever `schedule` says so (checked once a
    minute); with `on_start`, also once whenever a worker starts."""
    return functools.partial(
        Job, schedule=schedule, on_start=on_start, retries=retries, retry_delay=retry_delay
    )


def crontab(**fields: str) -> Schedule:
    """A schedule in crontab's terms (minute, hour, day, month, day_of_week), local time."""
    matches = huey_crontab(**fields)
    return lambda local, config: matches(local)


def daily_at(setting: str) -> Schedule:
    """Once a day, at minute 0 of the hour (0-23, local time) the configuration `setting` says."""
    return lambda local, config: local.minute == 0 and local.hour == int(config[setting])


def every_minute() -> Schedule:
    return lambda local, config: True


def init_app(app: Flask) -> None:
    """Make the application's queue from JOBS_URL, and let jobs follow their transaction."""
    app.extensions[EXTENSION] = make_queue(app)
    listen("after_commit", _committed)
    listen("after_soft_rollback", _rolled_back)
    app.cli.add_command(worker_command)


def make_queue(app: Flask) -> Huey:
    """The Huey instance JOBS_URL names (in memory, running jobs at once, with JOBS_IMMEDIATE)."""
    config = app.config
    if config.get("JOBS_IMMEDIATE"):
        return Huey("validera", immediate=True, results=False, utc=True)
    url = config.get("JOBS_URL") or f"sqlite:///{Path(app.instance_path) / 'jobs.db'}"
    if url.startswith("sqlite:///"):
        return SqliteHuey("validera", filename=url.removeprefix("sqlite:///"), results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("validera", url=url, results=False)
    raise ValueError(f"JOBS_URL must be sqlite:///<file> or redis://host:port/db, not {url!r}")


def queue(app: Flask | None = None) -> Huey:
    """The application's queue (the current one's by default)."""
    return (app or current_app).extensions[EXTENSION]


def declare(app: Flask, *jobs: Job) -> None:
    """Hand `jobs` to the application's queue, so that it and its worker know them."""
    huey = queue(app)
    for declared in jobs:
        run = _in_app_context(app, declared)
        settings = {
            "retries": declared.retries,
            "retry_delay": declared.retry_delay,
            "retry_backoff": declared.backoff if declared.retries else 0,
            "name": declared.name,
        }
        if declared.schedule is None:
            wrapper = huey.task(**settings)(run)
        else:
            wrapper = huey.periodic_task(_at_local_time(app, declared.schedule), **settings)(run)
        app.extensions.setdefault("validera.jobs", {})[declared] = wrapper


def _in_app_context(app: Flask, declared: Job) -> Callable[..., Any]:
    """The job's function in an application context of `app`, with a session of its own."""

    @functools.wraps(declared.function)
    def run(*args: Any) -> Any:
        with app.app_context():
            try:
                return declared.function(*args)
            except Exception as error:
                if not is_outage(error):
                    raise
                return _after_outage(app, declared, args, error)
            finally:
                db.session.remove()

    return run


class Interrupted(Exception):
    """Raised (`from` the database's error) by a job an outage cut off in the middle, with the
    arguments to run it again with: e.g. naming the run it was, so that the next one may take
    over the row that run held instead of waiting for it to be given up as dead."""


def _after_outage(app: Flask, declared: Job, args: tuple, error: Exception) -> None:
    """The database could not be reached: the job runs again once JOBS_OUTAGE_RETRY_SECONDS
    have passed, as often as it takes (its own retries are for other failures). A periodic
    job simply waits for its next time."""
    if declared.schedule is not None:
        log.warning("job %s skipped: the database is unavailable (%s)", declared.name, error)
        return
    delay = app.config["JOBS_OUTAGE_RETRY_SECONDS"]
    again = error.args if isinstance(error, Interrupted) else args
    log.warning("job %s%r: the database is unavailable; again in %s s", declared.name, again, delay)
    if again == args:
        raise RetryTask(delay=delay) from error
    task_of(declared, app).schedule(again, delay=delay)


def _at_local_time(app: Flask, schedule: Schedule) -> Callable[[datetime], bool]:
    """Huey's check of a periodic job, given UTC: `schedule` asked in the local time."""
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])

    def check(moment: datetime) -> bool:
        local = moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
        return schedule(local, app.config)

    return check


def task_of(declared: Job, app: Flask | None = None):
    """Huey's task for a declared job (KeyError when the application was never given it)."""
    return (app or current_app).extensions["validera.jobs"][declared]


def enqueue(declared: Job, *args: Any, delay: float | None = None) -> None:
    """Put the job on the queue now (after `delay` seconds); see `enqueue_on_commit`."""
    task = task_of(declared)
    if delay:
        task.schedule(args, delay=delay)
    else:
        task(*args)


def enqueue_on_commit(declared: Job, *args: Any) -> None:
    """Put the job on the queue once the current transaction commits (never when it rolls
    back), so that the worker finds what the transaction stored."""
    task_of(declared)  # a job the application does not know fails here, in the service
    session = db.session()
    if not session.in_transaction():
        session.begin()  # the job belongs to this transaction, also when it changed nothing
    session.info.setdefault(PENDING, []).append((declared, args))


def _committed(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released (SQLAlchemy says so too): the transaction goes on
    for declared, args in session.info.pop(PENDING, []):
        try:
            enqueue(declared, *args)
        except Exception:  # the queue's store is down: the row waits, and its area's periodic
            log.exception("job %s%r could not be queued", declared.name, args)  # job finds it


def _rolled_back(session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # not a savepoint: the whole transaction is gone
        session.info.pop(PENDING, None)


def run_on_start(app: Flask) -> None:
    """Run once, here, each periodic job declared `on_start` (what a worker does first)."""
    for declared in app.extensions.get("validera.jobs", {}):
        if declared.on_start:
            try:
                _in_app_context(app, declared)()
            except Exception:  # a failed catch-up must not keep the worker from starting
                log.exception("job %s failed at the worker's start", declared.name)


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--shutdown-timeout",
    default=30,
    show_default=True,
    type=click.IntRange(0),
    help="Seconds to let running jobs finish after SIGTERM.",
)
def worker_command(workers: int, shutdown_timeout: int) -> None:
    """Run the job queue's worker (jobs, their retries and the periodic jobs) until stopped:
    SIGTERM lets running jobs finish, SIGINT stops at once."""
    app = current_app._get_current_object()
    huey = queue(app)
    if huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE is on: jobs run where they are asked for.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    run_on_start(app)
    consumer = huey.create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=True,
        graceful_signal="TERM",
        shutdown_timeout=shutdown_timeout,
    )
    consumer.run()
