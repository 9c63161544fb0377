"""What mail keeps: one row per message, from the transaction that asked for it until it is sent."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import enum_column, utcnow
from app.extensions import db
from app.mail.vocab import MailStatus
from app.organisations.models import Municipality


class OutgoingMail(db.Model):
    """A message on its way: written in the transaction of the action that sends it, sent by a
    worker (`app.mail.tasks.send_mail`) once that transaction has committed.

    Its text is kept until the SMTP server has accepted it (a failed message can be sent again),
    then emptied: a mailed link is not kept readable in the database.
    """

    __tablename__ = "outgoing_mails"
    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.CheckConstraint(
            "calendar_method IS NULL OR calendar_method IN ('REQUEST', 'CANCEL')",
            name="calendar_method_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(320))
    subject: Mapped[str] = mapped_column(sa.String(500))
    text: Mapped[str | None] = mapped_column(sa.Text)
    html: Mapped[str | None] = mapped_column(sa.Text)
    # An invitation to a calendar event (iCalendar text and its METHOD), emptied once sent.
    calendar: Mapped[str | None] = mapped_column(sa.Text)
    calendar_method: Mapped[str | None] = mapped_column(sa.String(16))
    language: Mapped[str] = mapped_column(sa.String(8))
    # From and Reply-To as they were when the mail was written, so a retry sends the same.
    sender: Mapped[str | None] = mapped_column(sa.String(500))
    reply_to: Mapped[str | None] = mapped_column(sa.String(254))
    # The municipality of the account the mail goes to, for its administrator's list of failures.
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[MailStatus] = mapped_column(
        enum_column(MailStatus, "status"), default=MailStatus.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A worker takes the row no earlier than this (the wait before the next try).
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]  # when a worker last took it
    sent_at: Mapped[datetime | None]

    municipality: Mapped[Municipality | None] = relationship()
