"""Referrals, cases and what happens to a case: transitions, reassignments, transfers."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.models.participants import Participant
from app.cases.vocab import (
    LabourMarketStatus,
    Outcome,
    ReferralSource,
    ReferralStatus,
    TransferStatus,
)
from app.cases.workflow import Stage
from app.db import TimestampMixin, enum_column, utcnow
from app.extensions import db
from app.organisations.models import Municipality


class Referral(TimestampMixin, db.Model):
    """A referral (remiss/anvisning) waiting in the municipality's inbox, then decided."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id"), index=True)
    source: Mapped[ReferralSource] = mapped_column(enum_column(ReferralSource, "source"))
    referring_officer: Mapped[str | None] = mapped_column(sa.String(200))
    referrer_contact: Mapped[str | None] = mapped_column(sa.String(200))
    referred_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)
    goal: Mapped[str | None] = mapped_column(sa.Text)
    # The person as the referrer named them, kept whoever the referral is for (never dropped);
    # the date of birth only for a reserve identity.
    typed_first_name: Mapped[str | None] = mapped_column(sa.String(100))
    typed_last_name: Mapped[str | None] = mapped_column(sa.String(100))
    typed_birth_date: Mapped[date | None]
    # The typed name differs from the registered participant's and no coach has yet confirmed
    # that it is the same person or corrected the number: the referral cannot be accepted.
    is_name_flagged: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    status: Mapped[ReferralStatus] = mapped_column(
        enum_column(ReferralStatus, "status"), default=ReferralStatus.WAITING, index=True
    )
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)  # two coaches deciding at once: one wins

    municipality: Mapped[Municipality] = relationship()
    participant: Mapped[Participant] = relationship()
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    case: Mapped[Case | None] = relationship(back_populates="referral")

    __mapper_args__ = {"version_id_col": version}

    @property
    def typed_name(self) -> str:
        """The name the referrer typed (empty for a referral older than the typed names)."""
        return " ".join(part for part in (self.typed_first_name, self.typed_last_name) if part)


class Case(TimestampMixin, db.Model):
    """One participant's validation, from referral to closed (ärende)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    coach_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referrals.id"), unique=True)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "stage"), index=True)
    stage_entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    paused_from: Mapped[Stage | None] = mapped_column(enum_column(Stage, "paused_from"))
    pause_reason: Mapped[str | None] = mapped_column(sa.Text)
    planned_return: Mapped[date | None]
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "outcome"))
    status_at_exit: Mapped[LabourMarketStatus | None] = mapped_column(
        enum_column(LabourMarketStatus, "status_at_exit")
    )
    closed_at: Mapped[datetime | None]
    goal: Mapped[str | None] = mapped_column(sa.Text)
    background: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)
    # The earliest follow-up not yet done: the caseload's default order. Kept by
    # app.cases.next_follow_up in the same flush as any change to the case's follow-ups, so the
    # caseload sorts a municipality's thousands of cases on an index (cases_caseload_order)
    # instead of computing every case's next follow-up for each page.
    next_follow_up_on: Mapped[date | None]

    participant: Mapped[Participant] = relationship(back_populates="cases")
    municipality: Mapped[Municipality] = relationship()
    coach = relationship("User", foreign_keys=[coach_id])
    referral: Mapped[Referral | None] = relationship(back_populates="case")
    transitions: Mapped[list[Transition]] = relationship(
        back_populates="case", order_by="Transition.id", cascade="all, delete-orphan"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="case", order_by="Assignment.id", cascade="all, delete-orphan"
    )
    transfers: Mapped[list[Transfer]] = relationship(
        back_populates="case", order_by="Transfer.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Carries stage and coach, so "open cases" and "my cases" are read from the index alone.
        sa.Index(
            "cases_caseload_order",
            "municipality_id",
            "next_follow_up_on",
            "id",
            postgresql_include=["stage", "coach_id"],
        ),
        # "My cases" in the same order: a coach's page and its count read only this index (on
        # PostgreSQL, which keeps the stage in it), instead of combining the coach's and the
        # municipality's indexes and visiting every case of the coach.
        sa.Index(
            "cases_coach_caseload",
            "municipality_id",
            "coach_id",
            "next_follow_up_on",
            "id",
            postgresql_include=["stage"],
        ),
    )

    def __str__(self) -> str:
        return f"#{self.id}"

    @property
    def is_open(self) -> bool:
        """True until the case is closed."""
        return self.stage is not Stage.CLOSED

    @property
    def pending_transfer(self) -> Transfer | None:
        """The transfer waiting for the receiving municipality, if any."""
        return next((t for t in self.transfers if t.status is TransferStatus.PENDING), None)


class Transition(db.Model):
    """A change of stage: from, to, who, when and why."""

    __tablename__ = "case_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[Stage | None] = mapped_column(enum_column(Stage, "from_stage"))
    to_stage: Mapped[Stage] = mapped_column(enum_column(Stage, "to_stage"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship(back_populates="transitions")
    actor = relationship("User")


class Assignment(db.Model):
    """A case given to a coach: on acceptance, on reassignment, on transfer."""

    __tablename__ = "case_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_coach_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    to_coach_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(sa.Text)

    case: Mapped[Case] = relationship(back_populates="assignments")
    from_coach = relationship("User", foreign_keys=[from_coach_id])
    to_coach = relationship("User", foreign_keys=[to_coach_id])
    actor = relationship("User", foreign_keys=[actor_id])


class Transfer(db.Model):
    """A case sent to another municipality of the region, accepted or rejected there."""

    __tablename__ = "case_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))
    to_municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    status: Mapped[TransferStatus] = mapped_column(
        enum_column(TransferStatus, "status"), default=TransferStatus.PENDING, index=True
    )
    message: Mapped[str] = mapped_column(sa.Text)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)  # two receivers deciding at once: one wins

    case: Mapped[Case] = relationship(back_populates="transfers")
    from_municipality: Mapped[Municipality] = relationship(foreign_keys=[from_municipality_id])
    to_municipality: Mapped[Municipality] = relationship(foreign_keys=[to_municipality_id])
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    __mapper_args__ = {"version_id_col": version}
