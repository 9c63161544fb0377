"""Notifications: what waits for a person, told in Validera and by mail (at once or in a daily
digest), each kind as the person chose.

An area declares the kinds it causes with `notification_kind(app, ...)` in its
`hooks.register(app)` (see `kinds.py`) and calls `notify(kind, obj, actor=user)` in the service
that does the thing (see `services.py`); the job queue fans each event out (`tasks.py`).
What is due (reminders) an area declares with `reminder(app, kind, find)` (`reminders.py`).
"""

from flask import Blueprint, Flask

from app.notifications import reminders, tasks
from app.notifications.kinds import notification_kind
from app.notifications.reminders import Due, reminder
from app.notifications.services import notify
from app.notifications.vocab import Delivery, Kind
from app.queue import declare

__all__ = [
    "Delivery",
    "Due",
    "Kind",
    "bp",
    "init_app",
    "notification_kind",
    "notify",
    "reminder",
]

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def init_app(app: Flask) -> None:
    """Register the area's jobs and its blueprint."""
    declare(
        app,
        tasks.fan_out,
        tasks.revive_events,
        tasks.send_digests,
        reminders.send_reminders,
        reminders.send_weekly_reminders,
    )
    app.register_blueprint(bp)
