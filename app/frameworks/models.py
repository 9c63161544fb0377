"""Competence frameworks in the OCN model: framework, unit, learning outcome, criterion.

A framework row is one version. Once a version is published its content is frozen: the
session refuses any change to it or to its units, outcomes and criteria (see `immutability`).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, enum_column
from app.extensions import db
from app.frameworks.vocab import FrameworkStatus, Level

HOURS_PER_CREDIT = 10


class Framework(TimestampMixin, db.Model):
    """One version of a competence framework (valideringsmodell) for an occupational area."""

    __tablename__ = "frameworks"
    __table_args__ = (
        sa.UniqueConstraint("code", "version", name="uq_frameworks_code_version"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), index=True)
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    ssyk_code: Mapped[str | None] = mapped_column(sa.String(4))
    owner: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[FrameworkStatus] = mapped_column(
        enum_column(FrameworkStatus, "framework_status"), default=FrameworkStatus.DRAFT
    )

    units: Mapped[list[Unit]] = relationship(
        back_populates="framework",
        order_by="Unit.position",
        cascade="all, delete-orphan",
    )

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == FrameworkStatus.DRAFT

    @property
    def total_credits(self) -> int:
        return sum(unit.credits for unit in self.units)


class Unit(db.Model):
    """A unit (enhet): a title, a level and a credit value."""

    __tablename__ = "framework_units"
    __table_args__ = (
        sa.UniqueConstraint("framework_id", "code", name="uq_framework_units_framework_code"),
        sa.CheckConstraint("credits >= 1 AND credits <= 999", name="credits_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        sa.ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200))
    level: Mapped[Level] = mapped_column(enum_column(Level, "unit_level"))
    credits: Mapped[int]
    concept_ref: Mapped[str | None] = mapped_column(sa.String(255))

    framework: Mapped[Framework] = relationship(back_populates="units")
    outcomes: Mapped[list[LearningOutcome]] = relationship(
        back_populates="unit", order_by="LearningOutcome.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def hours(self) -> int:
        """Notional learning hours: ten per credit."""
        return self.credits * HOURS_PER_CREDIT

    @property
    def criteria(self) -> list[AssessmentCriterion]:
        """Every criterion of every outcome, in order."""
        return [c for outcome in self.outcomes for c in outcome.criteria]


class LearningOutcome(db.Model):
    """A learning outcome (lärandemål): "The learner will…"."""

    __tablename__ = "learning_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("framework_units.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.String(1000))

    unit: Mapped[Unit] = relationship(back_populates="outcomes")
    criteria: Mapped[list[AssessmentCriterion]] = relationship(
        back_populates="outcome",
        order_by="AssessmentCriterion.position",
        cascade="all, delete-orphan",
    )

    @property
    def number(self) -> str:
        """1, 2, 3… in the unit's order."""
        return str(self.unit.outcomes.index(self) + 1)

    @property
    def framework(self) -> Framework:
        return self.unit.framework


class AssessmentCriterion(db.Model):
    """An assessment criterion (bedömningskriterium): "The learner can…"."""

    __tablename__ = "assessment_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(
        sa.ForeignKey("learning_outcomes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.String(1000))

    outcome: Mapped[LearningOutcome] = relationship(back_populates="criteria")

    @property
    def number(self) -> str:
        """1.1, 1.2… : the outcome's number, then the criterion's place in it."""
        return f"{self.outcome.number}.{self.outcome.criteria.index(self) + 1}"

    @property
    def unit(self) -> Unit:
        return self.outcome.unit

    @property
    def framework(self) -> Framework:
        return self.outcome.unit.framework
