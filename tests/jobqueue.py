"""The job queue in the tests: jobs run at once where they are asked for (JOBS_IMMEDIATE), and
what a job schedules for later (a retry after a wait) waits in memory until `run_due` runs it.

    [retry] = scheduled(app)          # a job tried again later, with its `eta` (UTC)
    run_due(app, retry.eta)           # the clock stopped at that instant; the job runs
"""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from flask import Flask

from app.queue import queue


def scheduled(app: Flask) -> list:
    """The jobs waiting to be run later, each with its `eta` (naive UTC, as Huey keeps it)."""
    return queue(app).scheduled()


def run_due(app: Flask, moment: datetime) -> int:
    """Run, with the clock stopped at `moment`, every scheduled job due by then; how many."""
    huey = queue(app)
    naive = moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    with time_machine.travel(naive.replace(tzinfo=UTC), tick=False):
        due = huey.read_schedule(naive)
        for task in due:
            huey.execute(task, naive)
    return len(due)
