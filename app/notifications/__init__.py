"""Notifications: what waits for a person, told in Validera and by mail (at once or in a daily
digest), each kind as the person chose.

An area declares the kinds it causes with `notification_kind(app, ...)` in its
`hooks.register(app)` (see `kinds.py`) and calls `notify(kind, obj, actor=user)` in the service
that does the thing (see `services.py`); the job queue fans each event out (`tasks.py`). The
person reads theirs at `/notifications/` (the header shows how many are unread) and chooses
how each kind reaches them at `/notifications/settings`.
What is due (reminders) an area declares with `reminder(app, kind, find)` (`reminders.py`).
"""

from flask import Blueprint, Flask

from app.areas import load
from app.notifications import labels, queries, reminders, tasks
from app.notifications.kinds import notification_kind
from app.notifications.reminders import Due, reminder
from app.notifications.services import notify
from app.notifications.vocab import Delivery, Kind
from app.permissions import rule
from app.queue import declare
from app.vocab import STAFF_ROLES
from app.web import refusal_words

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


def _own(user, notification) -> bool:
    """A notification is its person's alone: anyone else's answers 404."""
    return notification.user_id == user.id


def init_app(app: Flask) -> None:
    """Register the area: its rule and words, its jobs, the header's unread count (a template
    global, so that only a page that shows the header asks), its views, then the blueprint."""
    rule(app, "notification.open", *STAFF_ROLES, scope=_own)
    refusal_words(app, labels.REFUSALS)
    declare(
        app,
        tasks.fan_out,
        tasks.revive_events,
        tasks.send_digests,
        tasks.remove_old_notifications,
        reminders.send_reminders,
        reminders.send_weekly_reminders,
    )
    app.add_template_global(queries.unread_count, "unread_notifications")
    load(__name__, "routes")
    app.register_blueprint(bp)
