"""The coaches' log of contacts with employer organisations."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import enum_column, utcnow
from app.employers.vocab import ContactKind
from app.extensions import db
from app.organisations.models import Employer


class EmployerContact(db.Model):
    """A contact between a coach and an employer: a meeting, a business breakfast, a visit."""

    __tablename__ = "employer_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ContactKind] = mapped_column(enum_column(ContactKind, "kind"))
    occurred_on: Mapped[date] = mapped_column(index=True)
    attendees: Mapped[str] = mapped_column(sa.String(300))  # who took part, on both sides
    notes: Mapped[str] = mapped_column(sa.Text)
    follow_up_on: Mapped[date | None]
    follow_up: Mapped[str | None] = mapped_column(sa.String(500))
    coach_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employer: Mapped[Employer] = relationship()
    coach = relationship("User")
