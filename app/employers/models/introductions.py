"""Introductions brokered by the coach, and the placements that follow."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, enum_column, utcnow
from app.employers.models.needs import CompetenceNeed
from app.employers.vocab import (
    FollowUpPoint,
    IntroductionStatus,
    PlacementForm,
    PlacementOutcome,
)
from app.extensions import db
from app.organisations.models import Employer


class Introduction(TimestampMixin, db.Model):
    """An employer's request to meet a candidate for a need, and the participant's answer.

    `decline_reason` is for the coach only: the employer sees "declined", never why.
    """

    __tablename__ = "introductions"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("competence_needs.id"), index=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id"), index=True)
    status: Mapped[IntroductionStatus] = mapped_column(
        enum_column(IntroductionStatus, "status"),
        default=IntroductionStatus.REQUESTED,
        index=True,
    )
    message: Mapped[str | None] = mapped_column(sa.Text)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    asked_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    shared_contact: Mapped[str | None] = mapped_column(sa.String(300))
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)

    need: Mapped[CompetenceNeed] = relationship()
    employer: Mapped[Employer] = relationship()
    participant = relationship("Participant")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in (IntroductionStatus.REQUESTED, IntroductionStatus.ASKED)


class Placement(TimestampMixin, db.Model):
    """Employment, work trial or apprenticeship at an employer, followed up by the coach."""

    __tablename__ = "placements"
    __table_args__ = (
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint("(ended_on IS NULL) = (outcome IS NULL)", name="outcome_when_ended"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id"), index=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("competence_needs.id"), index=True)
    introduction_id: Mapped[int | None] = mapped_column(sa.ForeignKey("introductions.id"))
    form: Mapped[PlacementForm] = mapped_column(enum_column(PlacementForm, "form"))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]  # the agreed end, for fixed terms and trials
    hours_per_week: Mapped[int]
    supervisor_name: Mapped[str] = mapped_column(sa.String(200))
    supervisor_contact: Mapped[str | None] = mapped_column(sa.String(200))
    agreed_adaptations: Mapped[str | None] = mapped_column(sa.Text)
    ended_on: Mapped[date | None]
    outcome: Mapped[PlacementOutcome | None] = mapped_column(
        enum_column(PlacementOutcome, "outcome")
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    participant = relationship("Participant")
    case = relationship("Case")
    employer: Mapped[Employer] = relationship()
    need: Mapped[CompetenceNeed | None] = relationship()
    introduction: Mapped[Introduction | None] = relationship()
    follow_ups: Mapped[list[PlacementFollowUp]] = relationship(
        back_populates="placement",
        order_by="PlacementFollowUp.due_on",
        cascade="all, delete-orphan",
    )

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class PlacementFollowUp(db.Model):
    """A follow-up of a placement, four weeks and six months after its start."""

    __tablename__ = "placement_follow_ups"
    __table_args__ = (
        sa.UniqueConstraint("placement_id", "point", name="uq_placement_follow_ups_point"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    point: Mapped[FollowUpPoint] = mapped_column(enum_column(FollowUpPoint, "point"))
    due_on: Mapped[date] = mapped_column(index=True)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    still_in_place: Mapped[bool | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Raised by every change of the row: the SEQUENCE of its event in the coach's calendar feed.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    placement: Mapped[Placement] = relationship(back_populates="follow_ups")
    done_by = relationship("User")
