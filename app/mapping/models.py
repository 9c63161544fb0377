"""A case's competence mapping against a framework version, and the evidence collected."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, enum_column, utcnow
from app.extensions import db
from app.mapping.vocab import (
    CanDo,
    Depth,
    EvidenceKind,
    EvidenceStatus,
    Judgement,
    SelfAssessment,
    Source,
)

evidence_outcomes = sa.Table(
    "mapping_evidence_outcomes",
    db.metadata,
    sa.Column(
        "evidence_id",
        sa.ForeignKey("mapping_evidence.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "outcome_id", sa.ForeignKey("learning_outcomes.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Mapping(TimestampMixin, db.Model):
    """A case mapped against one framework version (kartläggning); the case keeps the version."""

    __tablename__ = "mappings"
    __table_args__ = (sa.UniqueConstraint("case_id", "framework_id", name="uq_mappings_case"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[int] = mapped_column(sa.ForeignKey("frameworks.id"), index=True)
    depth: Mapped[Depth] = mapped_column(enum_column(Depth, "depth"), default=Depth.INITIAL)
    deepened_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    case = relationship("Case")
    framework = relationship("Framework")
    created_by = relationship("User")
    entries: Mapped[list[OutcomeEntry]] = relationship(
        back_populates="mapping", cascade="all, delete-orphan"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="mapping", order_by="Evidence.id", cascade="all, delete-orphan"
    )
    own_assessments: Mapped[list[OwnAssessment]] = relationship(
        back_populates="mapping", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return str(self.framework)

    @property
    def participant_id(self) -> int:
        return self.case.participant_id

    def entry_for(self, outcome_id: int) -> OutcomeEntry | None:
        """What has been recorded for one learning outcome, if anything."""
        return next((e for e in self.entries if e.outcome_id == outcome_id), None)

    def own_answer(self, outcome_id: int) -> OwnAssessment | None:
        """The participant's own answer for one learning outcome, if they gave one."""
        return next((a for a in self.own_assessments if a.outcome_id == outcome_id), None)

    @property
    def accepted_evidence(self) -> list[Evidence]:
        """The evidence that counts: the coach's own and what the coach accepted."""
        return [e for e in self.evidence if e.status == EvidenceStatus.ACCEPTED]

    @property
    def waiting_evidence(self) -> list[Evidence]:
        """What the participant sent that the coach has not looked at yet."""
        return [e for e in self.evidence if e.status == EvidenceStatus.WAITING]


class OutcomeEntry(TimestampMixin, db.Model):
    """The mapping of one learning outcome: self-assessment, judgement, sources and notes."""

    __tablename__ = "mapping_outcomes"
    __table_args__ = (
        sa.UniqueConstraint("mapping_id", "outcome_id", name="uq_mapping_outcomes_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mapping_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mappings.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("learning_outcomes.id"), index=True)
    self_assessment: Mapped[SelfAssessment | None] = mapped_column(
        enum_column(SelfAssessment, "self_assessment")
    )
    judgement: Mapped[Judgement | None] = mapped_column(enum_column(Judgement, "judgement"))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    recorded_in: Mapped[Depth] = mapped_column(
        enum_column(Depth, "recorded_in"), default=Depth.INITIAL
    )
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    mapping: Mapped[Mapping] = relationship(back_populates="entries")
    outcome = relationship("LearningOutcome")
    updated_by = relationship("User")
    source_rows: Mapped[list[OutcomeSource]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def sources(self) -> list[Source]:
        return sorted((row.source for row in self.source_rows), key=list(Source).index)

    def set_sources(self, sources: set[Source]) -> None:
        """Replace where the competence comes from."""
        keep = [row for row in self.source_rows if row.source in sources]
        have = {row.source for row in keep}
        self.source_rows = keep + [OutcomeSource(source=s) for s in sources - have]


class OutcomeSource(db.Model):
    """One origin of a mapped competence: work in Sweden, abroad, studies…"""

    __tablename__ = "mapping_outcome_sources"

    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mapping_outcomes.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[Source] = mapped_column(enum_column(Source, "source"), primary_key=True)


class Evidence(db.Model):
    """Underlag: a description, a reference or an uploaded file, for some learning outcomes."""

    __tablename__ = "mapping_evidence"
    __table_args__ = (
        sa.CheckConstraint(
            "(kind = 'file') = (file_key IS NOT NULL)", name="file_key_only_for_files"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mapping_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mappings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind, "kind"))
    title: Mapped[str] = mapped_column(sa.String(200))
    text: Mapped[str | None] = mapped_column(sa.Text)
    reference: Mapped[str | None] = mapped_column(sa.String(300))
    file_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    file_name: Mapped[str | None] = mapped_column(sa.String(255))
    content_type: Mapped[str | None] = mapped_column(sa.String(50))
    size: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The coach's own evidence is accepted as it is added; what the participant sends from My
    # pages waits until the coach accepts it (then it counts as the coach's own) or refuses it,
    # with a reason the participant reads.
    status: Mapped[EvidenceStatus] = mapped_column(
        enum_column(EvidenceStatus, "status"),
        default=EvidenceStatus.ACCEPTED,
        server_default=EvidenceStatus.ACCEPTED.value,
    )
    refusal_reason: Mapped[str | None] = mapped_column(sa.Text)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]

    mapping: Mapped[Mapping] = relationship(back_populates="evidence")
    created_by = relationship("User", foreign_keys=[created_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    outcomes = relationship(
        "LearningOutcome", secondary=evidence_outcomes, order_by="LearningOutcome.id"
    )

    @property
    def case(self):
        return self.mapping.case

    @property
    def from_participant(self) -> bool:
        """Sent by the participant ("från deltagaren"): waiting, refused, or accepted by the
        coach; the coach's own evidence is never decided on."""
        return self.status != EvidenceStatus.ACCEPTED or self.decided_at is not None


class OwnAssessment(TimestampMixin, db.Model):
    """The participant's own answer for one learning outcome, given on My pages
    (självskattning): whether they can do it, and where they learned it. The coach reads it
    beside their own judgement; it changes nothing of the coach's mapping."""

    __tablename__ = "self_assessments"
    __table_args__ = (
        sa.UniqueConstraint("mapping_id", "outcome_id", name="uq_self_assessments_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mapping_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mappings.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int] = mapped_column(
        sa.ForeignKey("learning_outcomes.id", ondelete="CASCADE"), index=True
    )
    answer: Mapped[CanDo] = mapped_column(enum_column(CanDo, "answer"))
    learned_where: Mapped[str | None] = mapped_column(sa.String(300))

    mapping: Mapped[Mapping] = relationship(back_populates="own_assessments")
    outcome = relationship("LearningOutcome")

    @property
    def case(self):
        return self.mapping.case
