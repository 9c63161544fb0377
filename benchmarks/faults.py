"""Faults the load test causes while Locust plays its people: a gunicorn worker killed with
SIGKILL at a fixed interval (the arbiter starts a new one), or the database restarted once.

Each runs in a thread of the load runner and notes what it did, with the wall-clock time, so
that the failed requests Locust saw can be set against it (`recovery`).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.cluster import Cluster


def workers_of(arbiter: int) -> list[int]:
    """The process ids of gunicorn's workers: the arbiter's children."""
    children: list[int] = []
    for task in Path(f"/proc/{arbiter}/task").glob("*/children"):
        children += [int(pid) for pid in task.read_text().split()]
    return sorted(children)


@dataclass
class Faults:
    """What was done, when (seconds since the epoch)."""

    kills: list[dict] = field(default_factory=list)
    database_down_at: float | None = None
    database_up_at: float | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def as_dict(self) -> dict:
        return {
            "kills": self.kills,
            "database_down_at": self.database_down_at,
            "database_up_at": self.database_up_at,
        }


def kill_workers(
    arbiter: int, every: float, faults: Faults, first_after: float
) -> threading.Thread:
    """Every `every` seconds (the first after `first_after`), SIGKILL one of the arbiter's
    workers, each time the one that has lived longest."""

    def run() -> None:
        wait = first_after
        while not faults.stop.wait(wait):
            wait = every
            workers = workers_of(arbiter)
            if not workers:
                continue
            victim = workers[0]  # the lowest id: the oldest of the two
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                continue
            faults.kills.append({"at": time.time(), "pid": victim})

    thread = threading.Thread(target=run, name="kill-workers", daemon=True)
    thread.start()
    return thread


def restart_database(
    cluster: Cluster, after: float, down_for: float, faults: Faults
) -> threading.Thread:
    """After `after` seconds, stop the cluster (fast: connections are cut), keep it down for
    `down_for` seconds, and start it again."""

    def run() -> None:
        if faults.stop.wait(after):
            return
        cluster.stop()
        faults.database_down_at = time.time()
        time.sleep(down_for)
        cluster.start()
        faults.database_up_at = time.time()

    thread = threading.Thread(target=run, name="restart-database", daemon=True)
    thread.start()
    return thread


def recovery(failed: list, up_at: float | None) -> float | None:
    """Seconds from the database's return to the last request that failed after it (0 when
    none did); None when the database was not restarted."""
    if up_at is None:
        return None
    after = [at for at, kind, _name in failed if at >= up_at and kind in ("503", "connection")]
    return round(max(after) - up_at, 2) if after else 0.0
