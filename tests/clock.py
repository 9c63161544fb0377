"""The suite's fixed clock: every test runs as if it were NOW, whatever the machine's calendar says.

`tests/conftest.py` moves the test process to NOW when pytest starts (time-machine, ticking from
there), so `app.db.utcnow()`, `today()`, `datetime.now()` and `date.today()` all start at NOW.
Tests build their dates from TODAY (`days(7)` is a week from now). The live servers of the
browser gates are separate processes on the machine's own clock, as Chromium is; steps that type
a date into them take it from `server_today()`, and a code of an authenticator app is computed
at `server_time()`.
"""

from __future__ import annotations

import os
import select
import time
from datetime import UTC, date, datetime, timedelta

import time_machine

# A Tuesday morning (10:00 in Stockholm), well inside a month and a year.
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def days(n: int) -> date:
    """The date `n` days from TODAY (negative: before it)."""
    return TODAY + timedelta(days=n)


def at(n_days: int, hour: int = 9, minute: int = 0) -> datetime:
    """A UTC instant `n_days` from TODAY at the given hour."""
    return datetime.combine(days(n_days), datetime.min.time(), UTC).replace(
        hour=hour, minute=minute
    )


def server_today() -> date:
    """Today (UTC, as `app.db.today()`) on the machine's clock, which the live servers use."""
    return time_machine.escape_hatch.datetime.datetime.now(UTC).date()


def server_time() -> float:
    """Seconds since the epoch on the machine's clock, which the live servers use (an
    authenticator app's code for a live server is computed at this time, not at NOW)."""
    return time_machine.escape_hatch.time.time()


def start() -> time_machine.travel:
    """Move this process to NOW; the clock ticks on from there."""
    traveller = time_machine.travel(NOW, tick=True)
    traveller.start()
    return traveller


def under_faketime() -> bool:
    """Whether the machine's clock is moved for this process by Debian's libfaketime."""
    return "faketime" in os.environ.get("LD_PRELOAD", "")


def mend_sleep_under_faketime() -> None:
    """Under libfaketime with FAKETIME_DONT_FAKE_MONOTONIC=1, `time.sleep` fails with EINVAL
    (it sleeps until an absolute monotonic instant, which libfaketime shifts by the fake offset);
    a sleep through `select` waits a relative time and is left alone."""
    if under_faketime():
        time.sleep = lambda seconds: select.select([], [], [], max(0.0, seconds))


def without_faketime(environment: dict[str, str]) -> dict[str, str]:
    """`environment` for a child process that keeps the machine's real clock (the browser)."""
    moved = {"LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC"}
    return {key: value for key, value in environment.items() if key not in moved}
