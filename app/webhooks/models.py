"""What webhooks keep: the webhooks of the API clients, and one row per delivery of an event."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, enum_column, utcnow
from app.extensions import db
from app.webhooks.vocab import DeliveryState, Event


class Webhook(TimestampMixin, db.Model):
    """A URL of an API client's (so of its municipality's) system that Validera POSTs the
    events it asked for to, signed with its secret.

    The secret must be at hand to sign each POST, so it cannot be kept as a hash (as the API
    client's is): it is kept sealed (Fernet, with a key derived from SECRET_KEY, as the
    certificate issuers' keys are), so a copy of the database alone does not give it away. It
    is shown once, when the webhook is registered.
    """

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The API area imports this area's services: its model is named here, never imported.
    api_client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("api_clients.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(sa.String(2000))
    # Space-separated `vocab.Event` values: "referral.decided case.stage_changed".
    events: Mapped[str] = mapped_column(sa.String(300))
    sealed_secret: Mapped[bytes] = mapped_column(sa.LargeBinary)
    disabled_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    client = relationship("ApiClient")
    created_by = relationship("User")
    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="webhook", cascade="all, delete-orphan", passive_deletes=True
    )

    def __str__(self) -> str:
        return self.url

    @property
    def event_list(self) -> list[Event]:
        return [Event(value) for value in self.events.split()]

    @property
    def is_disabled(self) -> bool:
        return self.disabled_at is not None


class WebhookDelivery(db.Model):
    """One event on its way to one webhook: written in the transaction of the action it tells
    about, POSTed by a worker (`app.webhooks.tasks.deliver`) once that transaction commits.

    The body is kept as sent (ids and statuses only, `events.py`), so every try sends the same
    bytes; a delivered row is removed WEBHOOK_KEEP_DAYS after its delivery.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("webhook_deliveries_log", "webhook_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(sa.ForeignKey("webhooks.id", ondelete="CASCADE"))
    # The event's stable id: the body's `id` and the `Webhook-Id` header, the same on each try.
    event_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    event: Mapped[Event] = mapped_column(enum_column(Event, "event"))
    body: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[DeliveryState] = mapped_column(
        enum_column(DeliveryState, "state"), default=DeliveryState.WAITING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A worker takes the row no earlier than this (the wait before the next try).
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]  # when a worker last took it
    delivered_at: Mapped[datetime | None]

    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")
