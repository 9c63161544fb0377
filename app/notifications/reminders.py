"""Reminders: notifications no action causes, written by periodic jobs from what is due.

An area declares in its `hooks.register(app)` what it reminds of:

    reminder(app, Kind.FOLLOW_UP_DUE, follow_ups_due)          # daily; weekly=True: Mondays

`find(day)` answers the `Due` rows of that day, read with a statement or two (never one per
case). Each names its object, the key that makes it once-only (e.g.
"follow_up_due:tomorrow:12:2026-11-25") and, where the kind's audience is not the one to tell,
the one person. The run writes the events whose keys were never written, in bulk, and fans them
out in batches (`tasks.fan_out_many`), so a repeated run, or two workers at once, tell nobody
twice, and 100 000 cases take seconds rather than a SELECT each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import Flask, current_app

from app.areas import registry
from app.db import today, utcnow
from app.extensions import db
from app.notifications import tasks
from app.notifications.models import NotificationEvent
from app.notifications.vocab import Kind
from app.queue import crontab, periodic

BATCH = 500  # events per statement and per fan-out transaction


@dataclass(frozen=True)
class Due:
    """One reminder to write: of object `target_id`, once per `key`."""

    target_id: int
    key: str
    detail: str | None = None
    recipient_id: int | None = None


@dataclass(frozen=True)
class ReminderRule:
    kind: Kind
    find: Callable[[date], Iterable[Due]]
    weekly: bool


def _reminders(app: Flask) -> list[ReminderRule]:
    return registry(app, "reminders", list)


def reminder(
    app: Flask, kind: Kind, find: Callable[[date], Iterable[Due]], *, weekly: bool = False
) -> None:
    """Remind of `kind` what `find(day)` answers, daily (or weekly, on Mondays)."""
    _reminders(app).append(ReminderRule(kind, find, weekly))


def _chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_reminders(kind: Kind, found: Iterable[Due]) -> list[int]:
    """Write the events of `found` whose keys were never written; their ids."""
    wanted = {due.key: due for due in found}
    written: list[int] = []
    now = utcnow()
    for keys in _chunks(list(wanted)):
        seen = set(
            db.session.scalars(
                sa.select(NotificationEvent.key).where(NotificationEvent.key.in_(keys))
            )
        )
        rows = [
            {
                "kind": kind,
                "detail": wanted[key].detail,
                "target_id": wanted[key].target_id,
                "recipient_id": wanted[key].recipient_id,
                "key": key,
                "created_at": now,
            }
            for key in keys
            if key not in seen
        ]
        if rows:
            inserted = db.session.scalars(
                sa.insert(NotificationEvent).returning(NotificationEvent.id), rows
            )
            written += list(inserted)
    return written


def run_reminders(*, weekly: bool, day: date | None = None) -> int:
    """Write and fan out the daily (or weekly) reminders of `day` (today); how many events.

    The events of each kind are committed before they are fanned out: a run that dies in
    between leaves them to `tasks.revive_events`, and a second run finds their keys."""
    day = day or today()
    written = 0
    for rule in _reminders(current_app):
        if rule.weekly != weekly:
            continue
        ids = write_reminders(rule.kind, rule.find(day))
        db.session.commit()
        for batch in _chunks(ids):
            tasks.fan_out_many(batch)
        written += len(ids)
    return written


# 06:30 local time, before the default digest hour (07), so the digests carry them; on_start:
# a day whose run was missed is caught up when a worker starts (the keys keep it once-only).
@periodic(crontab(minute="30", hour="6"), on_start=True, retries=2, retry_delay=300)
def send_reminders() -> None:
    """The daily reminders of every area."""
    run_reminders(weekly=False)


@periodic(crontab(minute="40", hour="6", day_of_week="1"), retries=2, retry_delay=300)
def send_weekly_reminders() -> None:
    """The weekly reminders of every area (Mondays)."""
    run_reminders(weekly=True)
