"""Employer organisations and the coaches' log of contacts with them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.admin.models import Municipality
from app.db import TimestampMixin, enum_column, utcnow
from app.employers.vocab import ContactKind
from app.extensions import db


class Employer(TimestampMixin, db.Model):
    """An employer organisation (arbetsgivare) with its organisation number."""

    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    org_number: Mapped[str] = mapped_column(sa.String(10), unique=True)  # ten digits
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True
    )
    is_active: Mapped[bool] = mapped_column(default=True)

    municipality: Mapped[Municipality | None] = relationship()

    def __str__(self) -> str:
        return self.name

    @property
    def org_number_display(self) -> str:
        """The organisation number as written: 556036-0793."""
        return f"{self.org_number[:6]}-{self.org_number[6:]}"


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
