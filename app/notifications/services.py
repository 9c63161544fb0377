"""Notifications follow the action that causes them:

    notify(Kind.CASE_ASSIGNED, case, actor=user)          # in a service, before it returns

writes one `notification_events` row (the action's only extra statement, however many people
are told) and queues `tasks.fan_out` for once the transaction commits; the job writes the
people's rows, mails those who chose mail at once, and leaves the digest's to the digest run.
Nothing is told when the transaction rolls back.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app

from app.db import utcnow
from app.extensions import db
from app.notifications import tasks
from app.notifications.kinds import kind_rule
from app.notifications.models import (
    DigestHour,
    Notification,
    NotificationEvent,
    NotificationSetting,
)
from app.notifications.queries import has_address
from app.notifications.vocab import Delivery, Kind, Refusal
from app.queue import enqueue_on_commit
from app.refusals import Refused


def notify(
    kind: Kind,
    target: Any,
    *,
    actor: Any = None,
    detail: str | None = None,
    recipient: Any = None,
    key: str | None = None,
) -> NotificationEvent | None:
    """Tell the kind's audience (or only `recipient`) of `target` once the transaction commits.

    With `key` (a reminder's name for what it reminds of), nothing happens when an event with
    that key was written before, so a reminder run may be repeated."""
    kind_rule(kind)  # a kind nobody declared fails here, in the service
    if key is not None and db.session.scalar(
        sa.select(NotificationEvent.id).where(NotificationEvent.key == key)
    ):
        return None
    event = NotificationEvent(
        kind=kind,
        detail=detail,
        target_id=target.id,
        actor_id=getattr(actor, "id", None),
        recipient_id=getattr(recipient, "id", None),
        key=key,
    )
    db.session.add(event)
    db.session.flush()
    enqueue_on_commit(tasks.fan_out, event.id)
    return event


def open_notification(notification: Notification) -> str:
    """Mark the notification read (if it was not) and answer where it leads."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification.link


def mark_all_read(user: Any) -> int:
    """Mark every unread notification of `user` read; answers how many."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def choose_notification_settings(user: Any, chosen: dict[Kind, Delivery], hour: int) -> None:
    """Keep how each kind of `chosen` reaches `user`, and the hour of their daily digest.

    A kind left at its default, or the hour at DIGEST_HOUR, keeps no row, so a changed default
    reaches those who never chose. Mail for an account without an address is refused (at the
    first kind that asks for it) and nothing is kept. Like the choice of language, this is the
    person's own setting and touches no participant's data: it writes no audit line."""
    if not has_address(user):
        for kind, delivery in chosen.items():
            if delivery is not Delivery.IN_APP:
                raise Refused(Refusal.NO_ADDRESS, field=kind.value)
    for kind, delivery in chosen.items():
        _keep_setting(user, kind, delivery)
    kept = db.session.get(DigestHour, user.id)
    if hour == current_app.config["DIGEST_HOUR"]:
        if kept is not None:
            db.session.delete(kept)
    elif kept is None:
        db.session.add(DigestHour(user_id=user.id, hour=hour))
    else:
        kept.hour = hour
    db.session.flush()


def _keep_setting(user: Any, kind: Kind, delivery: Delivery) -> None:
    kept = db.session.get(NotificationSetting, (user.id, kind))
    if delivery is kind_rule(kind).default:
        if kept is not None:
            db.session.delete(kept)
    elif kept is None:
        db.session.add(NotificationSetting(user_id=user.id, kind=kind, delivery=delivery))
    else:
        kept.delivery = delivery
