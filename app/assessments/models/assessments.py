"""Planned assessments (bedömningstillfällen) and what they showed, criterion by criterion."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.assessments.vocab import AdaptationKind, AssessmentKind, AssessmentStatus, ExamMode, Result
from app.cases.models import Case
from app.db import enum_column, utcnow
from app.extensions import db
from app.frameworks.models import AssessmentCriterion, Framework, Unit


class Assessment(db.Model):
    """One practical or theoretical assessment of a case, for one or more units."""

    __tablename__ = "assessments"
    __table_args__ = (
        sa.CheckConstraint(
            "kind = 'practical' OR exam_mode IS NOT NULL", name="theoretical_has_mode"
        ),
        # An assessor's list, in its order (status, then date): the ids of a page and their
        # count are read from this index alone, not from the assessments' rows.
        sa.Index("assessments_assessor_order", "assessor_id", "status", "scheduled_on", "id"),
        # The lists of planned and waiting assessments, by date: only those are in this index,
        # so a page of a municipality's list is read without passing the region's decided ones
        # (45 ms to 2 ms on 100 000 cases).
        sa.Index(
            "assessments_open",
            "scheduled_on",
            "id",
            postgresql_where=sa.text("status IN ('planned', 'recorded')"),
            sqlite_where=sa.text("status IN ('planned', 'recorded')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    framework_id: Mapped[int] = mapped_column(sa.ForeignKey("frameworks.id"), index=True)
    kind: Mapped[AssessmentKind] = mapped_column(enum_column(AssessmentKind, "kind"))
    exam_mode: Mapped[ExamMode | None] = mapped_column(enum_column(ExamMode, "exam_mode"))
    place: Mapped[str] = mapped_column(sa.String(200))
    scheduled_on: Mapped[date] = mapped_column(index=True)
    assessor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    planned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_column(AssessmentStatus, "status"), default=AssessmentStatus.PLANNED, index=True
    )
    instructions: Mapped[str | None] = mapped_column(sa.Text)
    adaptation_notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Raised by every change of the row: the SEQUENCE of its event in calendar feeds.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    case: Mapped[Case] = relationship()
    framework: Mapped[Framework] = relationship()
    assessor = relationship("User", foreign_keys=[assessor_id])
    planned_by = relationship("User", foreign_keys=[planned_by_id])
    units: Mapped[list[AssessmentUnit]] = relationship(
        back_populates="assessment", order_by="AssessmentUnit.id", cascade="all, delete-orphan"
    )
    adaptations: Mapped[list[AssessmentAdaptation]] = relationship(
        cascade="all, delete-orphan", order_by="AssessmentAdaptation.kind"
    )
    results: Mapped[list[CriterionResult]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[AssessmentAttachment]] = relationship(
        back_populates="assessment", order_by="AssessmentAttachment.id"
    )

    def __str__(self) -> str:
        return f"#{self.id}"

    @property
    def is_open(self) -> bool:
        """True while results may still be recorded."""
        return self.status in (AssessmentStatus.PLANNED, AssessmentStatus.RECORDED)

    def result_for(self, criterion_id: int) -> CriterionResult | None:
        """The recorded result for a criterion, if any."""
        return next((r for r in self.results if r.criterion_id == criterion_id), None)

    def unit_row(self, unit_id: int) -> AssessmentUnit | None:
        """The assessment's row for a unit, if the unit is part of it."""
        return next((row for row in self.units if row.unit_id == unit_id), None)


class AssessmentUnit(db.Model):
    """A unit assessed on an occasion; a theoretical test may give it a score and pass mark."""

    __tablename__ = "assessment_units"
    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "unit_id", name="uq_assessment_units_unit"),
        sa.CheckConstraint("score IS NULL OR score >= 0", name="score_not_negative"),
        sa.CheckConstraint("pass_mark IS NULL OR pass_mark >= 0", name="pass_mark_not_negative"),
        sa.CheckConstraint("max_score IS NULL OR max_score >= 1", name="max_score_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("framework_units.id"), index=True)
    score: Mapped[int | None]
    pass_mark: Mapped[int | None]
    max_score: Mapped[int | None]

    assessment: Mapped[Assessment] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()
    items: Mapped[list[ExamItem]] = relationship(
        back_populates="assessment_unit", order_by="ExamItem.id", cascade="all, delete-orphan"
    )

    @property
    def has_items(self) -> bool:
        """True when the unit's test is scored item by item."""
        return bool(self.items)

    @property
    def passed(self) -> bool | None:
        """True or False when a score was given against a pass mark; None otherwise."""
        if self.score is None or self.pass_mark is None:
            return None
        return self.score >= self.pass_mark


exam_item_criteria = sa.Table(
    "exam_item_criteria",
    db.metadata,
    sa.Column("item_id", sa.ForeignKey("exam_items.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "criterion_id", sa.ForeignKey("assessment_criteria.id"), primary_key=True, index=True
    ),
)


class ExamItem(db.Model):
    """An item (uppgift) of a theoretical test of one unit: its points, its own pass mark if
    any, the criteria it covers and, once recorded, its score.

    The unit's score is then the items' scores together, against the unit's pass mark
    (`AssessmentUnit.pass_mark`); `rules.exam_result` says which criteria are met.
    """

    __tablename__ = "exam_items"
    __table_args__ = (
        sa.UniqueConstraint("assessment_unit_id", "label", name="uq_exam_items_label"),
        sa.CheckConstraint("max_points >= 1", name="max_points_positive"),
        sa.CheckConstraint(
            "pass_mark IS NULL OR (pass_mark >= 0 AND pass_mark <= max_points)",
            name="pass_mark_within_points",
        ),
        sa.CheckConstraint(
            "score IS NULL OR (score >= 0 AND score <= max_points)", name="score_within_points"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessment_units.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(sa.String(40))
    max_points: Mapped[int]
    pass_mark: Mapped[int | None]
    score: Mapped[int | None]

    assessment_unit: Mapped[AssessmentUnit] = relationship(back_populates="items")
    criteria: Mapped[list[AssessmentCriterion]] = relationship(
        secondary=exam_item_criteria, order_by="AssessmentCriterion.id"
    )

    @property
    def reached(self) -> bool | None:
        """Whether the score reaches the item's own pass mark; None before it is scored."""
        if self.score is None:
            return None
        return self.pass_mark is None or self.score >= self.pass_mark


class AssessmentAdaptation(db.Model):
    """An adaptation that applies when the assessment is carried out."""

    __tablename__ = "assessment_adaptations"

    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[AdaptationKind] = mapped_column(
        enum_column(AdaptationKind, "kind"), primary_key=True
    )


class CriterionResult(db.Model):
    """What one assessment showed for one criterion: met or not yet met, with a comment."""

    __tablename__ = "criterion_results"
    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "criterion_id", name="uq_criterion_results_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("assessment_criteria.id"), index=True)
    result: Mapped[Result] = mapped_column(enum_column(Result, "result"))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="results")
    criterion: Mapped[AssessmentCriterion] = relationship()
    recorded_by = relationship("User")


class AssessmentAttachment(db.Model):
    """A file kept with an assessment: a photo of the work, an observation sheet."""

    __tablename__ = "assessment_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    file_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    file_name: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(50))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="attachments")
    uploaded_by = relationship("User")
