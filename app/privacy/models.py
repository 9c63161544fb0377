"""What the data-protection area keeps: retention rules and the monthly reviews of the log."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import utcnow
from app.extensions import db
from app.organisations.models import Municipality

DEFAULT_RETENTION_YEARS = 5


class RetentionRule(db.Model):
    """A municipality's retention rule (gallringsregel) for closed cases.

    A case is due for anonymisation `years` after its last entry; the anonymisation must be
    completed by the end of the following calendar year.
    """

    __tablename__ = "retention_rules"
    __table_args__ = (sa.CheckConstraint("years BETWEEN 1 AND 50", name="years_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), unique=True
    )
    years: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_YEARS)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    municipality: Mapped[Municipality] = relationship()
    updated_by = relationship("User")


class LogReview(db.Model):
    """A month of a municipality's access log reviewed (logguppföljning): who, when, and what
    they found."""

    __tablename__ = "audit_reviews"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    month: Mapped[date]  # the first day of the month
    comment: Mapped[str] = mapped_column(sa.Text)
    flags: Mapped[int] = mapped_column(default=0)  # how many flags the reviewer saw
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewed_by = relationship("User")
