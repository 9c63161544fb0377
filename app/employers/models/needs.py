"""Competence needs (kompetensbehov) and the framework units they ask for."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, enum_column
from app.employers.vocab import NeedForm, NeedStatus
from app.extensions import db
from app.frameworks.vocab import Level
from app.organisations.models import Employer, Municipality


class CompetenceNeed(TimestampMixin, db.Model):
    """What an employer needs: units that must and may be achieved, where, when, how many."""

    __tablename__ = "competence_needs"
    __table_args__ = (
        sa.CheckConstraint("positions >= 1 AND positions <= 999", name="positions_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    ssyk_code: Mapped[str | None] = mapped_column(sa.String(4))
    min_level: Mapped[Level | None] = mapped_column(enum_column(Level, "min_level"))
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    positions: Mapped[int] = mapped_column(default=1)
    starts_on: Mapped[date | None]
    form: Mapped[NeedForm] = mapped_column(enum_column(NeedForm, "form"))
    working_hours: Mapped[str | None] = mapped_column(sa.String(200))
    adaptations_offered: Mapped[str | None] = mapped_column(sa.Text)
    description: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[NeedStatus] = mapped_column(
        enum_column(NeedStatus, "status"), default=NeedStatus.OPEN, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    employer: Mapped[Employer] = relationship()
    municipality: Mapped[Municipality] = relationship()
    created_by = relationship("User")
    units: Mapped[list[NeedUnit]] = relationship(
        back_populates="need", cascade="all, delete-orphan", order_by="NeedUnit.unit_id"
    )

    def __str__(self) -> str:
        return self.title

    @property
    def required_units(self) -> list:
        """The units a candidate must have."""
        return [row.unit for row in self.units if row.is_required]

    @property
    def desired_units(self) -> list:
        """The units that count in a candidate's favour."""
        return [row.unit for row in self.units if not row.is_required]

    @property
    def is_open(self) -> bool:
        return self.status is NeedStatus.OPEN


class NeedUnit(db.Model):
    """A unit a need asks for: required (must have) or desired (nice to have)."""

    __tablename__ = "competence_need_units"

    need_id: Mapped[int] = mapped_column(
        sa.ForeignKey("competence_needs.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_units.id"), primary_key=True, index=True
    )
    is_required: Mapped[bool] = mapped_column(default=True)

    need: Mapped[CompetenceNeed] = relationship(back_populates="units")
    unit = relationship("Unit", lazy="joined")
