"""What the data-protection area offers other areas: the administrators' notice of next month's
retention run (`register`, called by the area's `init_app`)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import sqlalchemy as sa
from flask import Flask, url_for

from app.db import today
from app.extensions import db
from app.notifications import Delivery, Due, Kind, notification_kind, reminder
from app.notifications.models import NotificationEvent
from app.notifications.queries import people
from app.organisations.models import Municipality
from app.privacy.retention import due_participants
from app.vocab import Role


def register(app: Flask) -> None:
    """Declare the notice and its reminder."""
    notification_kind(
        app,
        Kind.RETENTION_UPCOMING,
        Role.ADMIN,
        load=lambda municipality_id: db.session.get(Municipality, municipality_id),
        action="privacy.retention",
        audience=lambda municipality, event: people(Role.ADMIN, municipality_id=municipality.id),
        link=lambda municipality: url_for("privacy.retention"),
        reference=lambda municipality: str(upcoming(municipality.id, today())),
        default=Delivery.DIGEST,
    )
    reminder(app, Kind.RETENTION_UPCOMING, retention_upcoming)


def end_of_next_month(day: date) -> date:
    """The last day of the month after `day`'s."""
    first = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _key(municipality_id: int, day: date) -> str:
    return f"{Kind.RETENTION_UPCOMING}:{municipality_id}:{day:%Y-%m}"


def upcoming(municipality_id: int, day: date) -> int:
    """How many of the municipality's participants the run will anonymise by the end of next
    month (those due today go in today's run)."""
    return len(due_participants(end_of_next_month(day), municipality_id))


def retention_upcoming(day: date) -> list[Due]:
    """Each municipality with people due by the end of next month; once a month. (Daily, so a
    month whose first run was missed is told the next day; the count is made only for the
    municipalities not yet told this month.)"""
    told = set(
        db.session.scalars(
            sa.select(NotificationEvent.key).where(
                NotificationEvent.key.like(f"{Kind.RETENTION_UPCOMING}:%:{day:%Y-%m}")
            )
        )
    )
    found = []
    for municipality_id in db.session.scalars(sa.select(Municipality.id).order_by(Municipality.id)):
        key = _key(municipality_id, day)
        if key not in told and upcoming(municipality_id, day):
            found.append(Due(municipality_id, key))
    return found
