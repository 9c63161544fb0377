"""Factories of the notifications area: a notification as the fan-out job would write it."""

from __future__ import annotations

from datetime import datetime

from app.db import utcnow
from app.extensions import db
from app.notifications.models import Notification, NotificationEvent
from app.notifications.vocab import Delivery, Kind


def make_notification(
    user,
    *,
    kind: Kind = Kind.CASE_ASSIGNED,
    reference: str = "#1",
    link: str = "/cases/1",
    read_at: datetime | None = None,
    created_at: datetime | None = None,
    delivery: Delivery = Delivery.IN_APP,
    detail: str | None = None,
) -> Notification:
    """A notification of `user` (with its event, fanned out), unread unless `read_at`."""
    created_at = created_at or utcnow()
    event = NotificationEvent(
        kind=kind, detail=detail, target_id=1, created_at=created_at, done_at=created_at
    )
    db.session.add(event)
    db.session.flush()
    row = Notification(
        user_id=user.id,
        event_id=event.id,
        kind=kind,
        detail=detail,
        reference=reference,
        link=link,
        delivery=delivery,
        created_at=created_at,
        read_at=read_at,
    )
    db.session.add(row)
    db.session.flush()
    return row
