"""`python -m benchmarks reminders`: time the daily reminder run, the weekly one and the digest
run on the benchmark database, as one worker runs them (in this process, one after the other).

The reminders of the chosen day written by an earlier measurement are removed first, so each
measurement writes and fans out afresh; a second daily run follows to show that a repeated run
writes nothing. The digest run is timed at the digest hour of the next day.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

REMINDER_KINDS = (
    "follow_up_due",
    "assessment_tomorrow",
    "case_idle",
    "verification_overdue",
    "placement_follow_up_due",
    "retention_upcoming",
)


def _forget_reminders(db) -> None:
    from app.notifications.models import Notification, NotificationEvent

    kinds = sa.bindparam("kinds", expanding=True)
    db.session.execute(
        sa.delete(Notification).where(Notification.kind.in_(kinds)), {"kinds": REMINDER_KINDS}
    )
    db.session.execute(
        sa.delete(NotificationEvent).where(NotificationEvent.kind.in_(kinds)),
        {"kinds": REMINDER_KINDS},
    )
    db.session.commit()


def _timed(step):
    started = time.perf_counter()
    result = step()
    return result, round(time.perf_counter() - started, 2)


def _count(db, sql: str) -> int:
    return db.session.scalar(sa.text(sql)) or 0


def measure_reminders(app, day: date | None = None, output: str | None = None) -> dict:
    """Run and time the reminder and digest runs; the figures, also written to `output`."""
    import time_machine

    from app.db import today
    from app.extensions import db
    from app.notifications.reminders import run_reminders
    from app.notifications.tasks import send_digests

    with app.app_context():
        day = day or today()
        _forget_reminders(db)
        cases = _count(db, "SELECT count(*) FROM cases")
        daily, daily_s = _timed(lambda: run_reminders(weekly=False, day=day))
        again, again_s = _timed(lambda: run_reminders(weekly=False, day=day))
        weekly, weekly_s = _timed(lambda: run_reminders(weekly=True, day=day))
        told = _count(db, "SELECT count(*) FROM notifications")
        hour = app.config["DIGEST_HOUR"]
        moment = datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC)
        with time_machine.travel(moment + timedelta(hours=hour), tick=True):
            _, digest_s = _timed(send_digests)
        digests = _count(
            db,
            "SELECT count(DISTINCT user_id) FROM notifications "
            "WHERE delivery = 'digest' AND mailed_at IS NOT NULL",
        )
        result = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": db.engine.dialect.name,
            "cases": cases,
            "day": day.isoformat(),
            "daily_events": daily,
            "daily_seconds": daily_s,
            "repeated_daily_events": again,
            "repeated_daily_seconds": again_s,
            "weekly_events": weekly,
            "weekly_seconds": weekly_s,
            "notifications": told,
            "digest_seconds": digest_s,
            "digests": digests,
        }
    text = json.dumps(result, indent=2)
    print(text, file=sys.stderr)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
    return result
