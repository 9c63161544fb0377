"""A coach's daily work on a case: journal, development plan, follow-ups, adaptations."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.models.cases import Case
from app.cases.vocab import ActivityKind, JournalKind, PlanStatus
from app.db import enum_column, utcnow
from app.extensions import db


def _case_fk() -> Mapped[int]:
    return mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)


class JournalEntry(db.Model):
    """A dated journal entry (dagbok); the municipality's coaches read it, and the participant
    those the coach shares."""

    __tablename__ = "journal_entries"
    # The journal and the case's timeline show a page at a time, newest first: this index hands
    # them one case's entries already in that order, so a case with thousands of entries reads
    # only the page it shows.
    __table_args__ = (sa.Index("journal_entries_case_day", "case_id", "occurred_on", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _case_fk()
    kind: Mapped[JournalKind] = mapped_column(enum_column(JournalKind, "kind"))
    occurred_on: Mapped[date]
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The coach's choice, entry by entry: the participant reads it on their own plan (app/portal).
    is_shared: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    case: Mapped[Case] = relationship()
    author = relationship("User")


class PlanGoal(db.Model):
    """A goal of the individual development plan (IUP), with a target date."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _case_fk()
    description: Mapped[str] = mapped_column(sa.String(500))
    target_date: Mapped[date | None]
    status: Mapped[PlanStatus] = mapped_column(
        enum_column(PlanStatus, "status"), default=PlanStatus.PLANNED
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()


class PlanActivity(db.Model):
    """An activity of the plan: Swedish for immigrants, a Komvux course, a mentor..."""

    __tablename__ = "plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _case_fk()
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind, "kind"))
    description: Mapped[str] = mapped_column(sa.String(500))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    status: Mapped[PlanStatus] = mapped_column(
        enum_column(PlanStatus, "status"), default=PlanStatus.PLANNED
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()


class FollowUp(db.Model):
    """An agreed follow-up date of the plan; done when the coach marks it."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _case_fk()
    due_on: Mapped[date] = mapped_column(index=True)
    purpose: Mapped[str] = mapped_column(sa.String(300))
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Raised by every change of the row: the SEQUENCE of its event in calendar feeds.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    case: Mapped[Case] = relationship()
    done_by = relationship("User")


class Adaptation(db.Model):
    """A need and the adaptation agreed for it (anpassning), and who may see it."""

    __tablename__ = "adaptations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _case_fk()
    need: Mapped[str] = mapped_column(sa.Text)
    agreed: Mapped[str | None] = mapped_column(sa.Text)
    concerns_assessment: Mapped[bool] = mapped_column(default=False)
    concerns_workplace: Mapped[bool] = mapped_column(default=False)
    employers_may_see: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()
    created_by = relationship("User")
