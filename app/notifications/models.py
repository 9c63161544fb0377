"""What notifications keep: the event an action wrote, one row per person told, and their
settings."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import enum_column, utcnow
from app.extensions import db
from app.notifications.vocab import Delivery, Kind


class NotificationEvent(db.Model):
    """Something happened that people should hear of: the one row the action itself writes.

    The job `tasks.fan_out` finds who is told (the kind's audience, each checked against the
    access rules) and writes their `Notification` rows, then marks the event done. It names its
    object by id only: what people are told is worked out when it is fanned out.
    """

    __tablename__ = "notification_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[Kind] = mapped_column(enum_column(Kind, "kind"))
    detail: Mapped[str | None] = mapped_column(sa.String(40))  # e.g. planned, moved, cancelled
    target_id: Mapped[int]  # the id of the object the kind is about (a case, an assessment, ...)
    recipient_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE")
    )  # when the action names the one person to tell
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # A reminder's own name for what it reminds of (e.g. "follow_up_due:12:2026-12-08"): a
    # second run of the reminder finds it and writes nothing.
    key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set in the transaction that writes the people's rows: an event is fanned out once.
    done_at: Mapped[datetime | None] = mapped_column(index=True)


class Notification(db.Model):
    """One person told of one event: listed in Validera, unread until opened; mailed at once
    or in the digest when their setting for the kind said so when it was written."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_notifications_event_user"),
        # The header's unread count and the list, newest first.
        sa.Index("notifications_user_unread", "user_id", "read_at", "id"),
        # The digest run: the rows still to be mailed in a digest.
        sa.Index(
            "notifications_digest_pending",
            "user_id",
            "id",
            postgresql_where=sa.text("delivery = 'digest' AND mailed_at IS NULL"),
            sqlite_where=sa.text("delivery = 'digest' AND mailed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("notification_events.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[Kind] = mapped_column(enum_column(Kind, "kind"))
    detail: Mapped[str | None] = mapped_column(sa.String(40))
    # What the words name (a case number, an export's name) and where the notification leads:
    # fixed when it is written, so the list reads one table.
    reference: Mapped[str] = mapped_column(sa.String(120))
    link: Mapped[str] = mapped_column(sa.String(500))
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery, "delivery"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    mailed_at: Mapped[datetime | None]  # at once, or in a digest

    user = relationship("User")

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationSetting(db.Model):
    """A person's choice for one kind (a kind without a row has its default)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[Kind] = mapped_column(enum_column(Kind, "kind"), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery, "delivery"))


class DigestHour(db.Model):
    """The hour (0-23, local time) a person's daily digest is mailed (without a row: the
    DIGEST_HOUR setting)."""

    __tablename__ = "notification_digest_hours"
    __table_args__ = (sa.CheckConstraint("hour BETWEEN 0 AND 23", name="hour_of_day"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[int]
