"""A summons (kallelse): a letter calling the participant to a meeting or an assessment."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.models.cases import Case
from app.cases.vocab import SummonsDelivery, SummonsPurpose
from app.db import enum_column, utcnow
from app.extensions import db


class Summons(db.Model):
    """One letter of summons, as it was mailed or printed; kept on the case."""

    __tablename__ = "summonses"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[SummonsPurpose] = mapped_column(enum_column(SummonsPurpose, "purpose"))
    delivery: Mapped[SummonsDelivery] = mapped_column(enum_column(SummonsDelivery, "delivery"))
    starts_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(sa.String(300))
    bring: Mapped[str | None] = mapped_column(sa.Text)
    contact_name: Mapped[str] = mapped_column(sa.String(200))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    note: Mapped[str | None] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(5))
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The planned assessment the summons calls to (an assessment summons may name one).
    assessment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Raised by every change of the row: the SEQUENCE of its event in the coach's calendar feed.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    case: Mapped[Case] = relationship()
    sent_by = relationship("User")
    assessment = relationship("Assessment")
