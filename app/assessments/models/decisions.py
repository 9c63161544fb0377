"""Unit decisions, the assessor's signed recommendation, and quality assurance."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.assessments.models.assessments import Assessment
from app.assessments.vocab import DecisionOutcome, DecisionStatus
from app.cases.models import Case
from app.db import enum_column, utcnow
from app.extensions import db
from app.frameworks.models import Unit
from app.organisations.models import Municipality

DEFAULT_SAMPLE_PERCENT = 100


class CreditRecommendation(db.Model):
    """The assessor's signed recommendation for award of credit (OCN's RAC).

    Signing sends the assessor's confirmed decisions on the case to verification; the units
    proposed for certification are those of its decisions that say "achieved".
    """

    __tablename__ = "credit_recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    assessor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()
    assessor = relationship("User")
    decisions: Mapped[list[UnitDecision]] = relationship(
        back_populates="recommendation", order_by="UnitDecision.id"
    )

    @property
    def proposed(self) -> list[UnitDecision]:
        """The decisions whose units are proposed for certification."""
        return [d for d in self.decisions if d.outcome is DecisionOutcome.ACHIEVED]


class UnitDecision(db.Model):
    """The decision on one unit of a case: achieved or not yet achieved.

    Never edited once verified: a correction is a new decision whose `supersedes_id` names the
    old one, with a `reason` (see `app.assessments.locking`).
    """

    __tablename__ = "unit_decisions"
    __table_args__ = (
        sa.UniqueConstraint("supersedes_id", name="uq_unit_decisions_supersedes_id"),
        sa.CheckConstraint(
            "status <> 'verified' OR verified_at IS NOT NULL", name="verified_has_time"
        ),
        sa.CheckConstraint(
            "verified_by_sampling = false OR verifier_id IS NULL", name="sampling_has_no_verifier"
        ),
        # An assessor's decisions to act on (their list and home page), oldest first: only
        # those are in this index, so a page of them is read without passing the assessor's
        # years of decided ones.
        sa.Index(
            "unit_decisions_to_act_on",
            "assessor_id",
            "decided_at",
            "id",
            postgresql_where=sa.text("status IN ('confirmed', 'returned')"),
            sqlite_where=sa.text("status IN ('confirmed', 'returned')"),
        ),
        # The verification queue, oldest first: only the waiting decisions are in this index,
        # so a page of the queue is read without passing the region's decided ones.
        sa.Index(
            "unit_decisions_waiting",
            "submitted_at",
            "id",
            postgresql_where=sa.text("status = 'awaiting_verification'"),
            sqlite_where=sa.text("status = 'awaiting_verification'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("framework_units.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id"), index=True)
    outcome: Mapped[DecisionOutcome] = mapped_column(enum_column(DecisionOutcome, "outcome"))
    proposed_outcome: Mapped[DecisionOutcome] = mapped_column(
        enum_column(DecisionOutcome, "proposed_outcome")
    )
    justification: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[DecisionStatus] = mapped_column(
        enum_column(DecisionStatus, "status"), default=DecisionStatus.CONFIRMED, index=True
    )
    verified_by_sampling: Mapped[bool] = mapped_column(default=False)
    assessor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    recommendation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("credit_recommendations.id"), index=True
    )
    submitted_at: Mapped[datetime | None]
    verifier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    verified_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    return_comment: Mapped[str | None] = mapped_column(sa.Text)
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit_decisions.id"))
    reason: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship()
    unit: Mapped[Unit] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    assessor = relationship("User", foreign_keys=[assessor_id])
    verifier = relationship("User", foreign_keys=[verifier_id])
    recommendation: Mapped[CreditRecommendation | None] = relationship(back_populates="decisions")
    supersedes: Mapped[UnitDecision | None] = relationship(
        remote_side=[id], back_populates="superseded_by"
    )
    superseded_by: Mapped[UnitDecision | None] = relationship(back_populates="supersedes")

    def __str__(self) -> str:
        return f"#{self.id}"

    @property
    def is_current(self) -> bool:
        """True until a later decision corrects or revises this one."""
        return self.superseded_by is None

    @property
    def is_locked(self) -> bool:
        """A verified decision can never change."""
        return self.status is DecisionStatus.VERIFIED

    @property
    def departs(self) -> bool:
        """True when the assessor departed from what the results proposed."""
        return self.outcome is not self.proposed_outcome


class AssessmentSettings(db.Model):
    """A municipality's quality-assurance settings: the share of decisions verified."""

    __tablename__ = "assessment_settings"
    __table_args__ = (
        sa.CheckConstraint("sample_percent BETWEEN 0 AND 100", name="sample_percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), unique=True
    )
    sample_percent: Mapped[int] = mapped_column(default=DEFAULT_SAMPLE_PERCENT)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    municipality: Mapped[Municipality] = relationship()
    updated_by = relationship("User")


external_report_decisions = sa.Table(
    "external_report_decisions",
    db.metadata,
    sa.Column(
        "report_id",
        sa.ForeignKey("external_quality_reports.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("decision_id", sa.ForeignKey("unit_decisions.id"), primary_key=True),
)


class ExternalReport(db.Model):
    """An external quality assurer's (EK) report on a sample of a municipality's decisions."""

    __tablename__ = "external_quality_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship()
    author = relationship("User")
    decisions: Mapped[list[UnitDecision]] = relationship(
        secondary=external_report_decisions, order_by="UnitDecision.id"
    )
