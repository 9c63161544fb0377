"""The statistics' precomputed tables: what the dashboard counts about each referral, case,
stay in a stage and unit decision, one row each.

They exist for speed only. Every figure of the dashboard was a GROUP BY over the live tables,
and most of them first found each case's start (its earliest transition) by grouping every
transition of every case: over a second per dashboard on 100 000 cases, several in the region.
Each row here holds what those queries derived, already joined (the participant's gender, the
age group at the case's start, the municipality), so that a dashboard reads one narrow table
per figure through an index on (municipality, date).

The live definitions are in `app.reports.summaries.rows`; `app.reports.summaries` recomputes
the rows of every case, referral and participant a flush touches, in the same transaction, so
reading these tables gives the same figures as the live queries did.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.cases.vocab import (
    Answer,
    Education,
    Gender,
    LabourMarketStatus,
    Outcome,
    ReferralSource,
    ReferralStatus,
)
from app.cases.workflow import Stage
from app.db import enum_column
from app.extensions import db
from app.reports.vocab import AgeGroup


def _word(vocabulary, name: str, nullable: bool = False):
    """A value of one of the vocabularies, as the live column holds it."""
    return mapped_column(enum_column(vocabulary, name), nullable=nullable)


class ReportCase(db.Model):
    """A case as the statistics see it: where and whose it is, when it started (its first
    transition) and closed, its stage and outcome, and its participant's reported fields.

    `age_group` is the age at the start (None while the case has no transition: such a case
    is in none of the figures that need a start). `is_sole` says the participant has no
    other case, so that counting people needs no grouping by person for almost everyone.
    """

    __tablename__ = "report_cases"
    __table_args__ = (
        # Pipeline and participants: the cases started before the end of the period, index
        # only on PostgreSQL (it halves a municipality's scan).
        sa.Index(
            "ix_report_cases_started",
            "municipality_id",
            "started_at",
            postgresql_include=[
                "closed_at",
                "is_sole",
                "stage",
                "gender",
                "age_group",
                "education",
                "status_at_entry",
                "foreign_background",
                "has_disability",
            ],
        ),
        # Outcomes: the cases closed in the period.
        sa.Index("ix_report_cases_closed", "municipality_id", "closed_at"),
        # Participants with several cases, counted once each: a few rows, found apart.
        sa.Index(
            "ix_report_cases_shared",
            "municipality_id",
            "started_at",
            postgresql_where=sa.text("NOT is_sole"),
            sqlite_where=sa.text("NOT is_sole"),
        ),
    )

    case_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    municipality_id: Mapped[int]
    coach_id: Mapped[int | None]
    referral_id: Mapped[int | None]
    source: Mapped[ReferralSource | None] = _word(ReferralSource, "source", True)  # referral's
    participant_id: Mapped[int]
    is_sole: Mapped[bool]
    started_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    stage: Mapped[Stage] = _word(Stage, "stage")
    outcome: Mapped[Outcome | None] = _word(Outcome, "outcome", True)
    status_at_exit: Mapped[LabourMarketStatus | None] = _word(
        LabourMarketStatus, "status_at_exit", True
    )
    gender: Mapped[Gender] = _word(Gender, "gender")
    birth_year: Mapped[int | None] = mapped_column(sa.SmallInteger)
    age_group: Mapped[AgeGroup | None] = _word(AgeGroup, "age_group", True)
    education: Mapped[Education | None] = _word(Education, "education", True)
    status_at_entry: Mapped[LabourMarketStatus | None] = _word(
        LabourMarketStatus, "status_at_entry", True
    )
    foreign_background: Mapped[Answer] = _word(Answer, "foreign_background")
    has_disability: Mapped[Answer] = _word(Answer, "has_disability")
    # "reserve" for a participant with a reserve identity (reservnummer), else "number".
    identity: Mapped[str] = mapped_column(sa.String(10), default="number", server_default="number")


class ReportReferral(db.Model):
    """A referral with its participant's gender and age group in the year it was received."""

    __tablename__ = "report_referrals"
    __table_args__ = (
        # Inflow: the referrals received in the period, index only on PostgreSQL.
        sa.Index(
            "ix_report_referrals_received",
            "municipality_id",
            "referred_on",
            postgresql_include=["source", "status", "gender", "age_group"],
        ),
    )

    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    municipality_id: Mapped[int]
    referred_on: Mapped[date]
    source: Mapped[ReferralSource] = _word(ReferralSource, "source")
    status: Mapped[ReferralStatus] = _word(ReferralStatus, "status")
    gender: Mapped[Gender] = _word(Gender, "gender")
    age_group: Mapped[AgeGroup] = _word(AgeGroup, "age_group")


class ReportStay(db.Model):
    """A finished stay in a stage: from a transition into the stage to the case's next one.

    Stays still going on have no row. `days` is computed once, by the same expression the
    live query used, so that medians and percentiles come out identical.
    """

    __tablename__ = "report_stays"
    __table_args__ = (
        # Days in each stage: the stays that began in the period, index only on PostgreSQL.
        sa.Index(
            "ix_report_stays_entered",
            "municipality_id",
            "entered_at",
            postgresql_include=["stage", "gender", "days"],
        ),
    )

    transition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_transitions.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int]
    stage: Mapped[Stage] = _word(Stage, "stage")
    gender: Mapped[Gender] = _word(Gender, "gender")
    entered_at: Mapped[datetime]
    days: Mapped[float] = mapped_column(sa.Float(53))


class ReportDecision(db.Model):
    """A current unit decision that the statistics count: verified as achieved (units and
    credits), or the case's first attempt at the unit (first-attempt pass rates), or both.

    `achieved_at` is the verification time of a verified "achieved" decision; the first
    attempt is the earliest assessment's current decision on the unit, returned ones left
    out, with `first_attempt_at` its decision time and `passed_first` what it gave.
    `age_group` is the age at the case's start (None: the case has no transition, and its
    units are not counted as achieved).
    """

    __tablename__ = "report_decisions"
    __table_args__ = (
        # Units and credits achieved in the period.
        sa.Index("ix_report_decisions_achieved", "municipality_id", "achieved_at"),
        # First attempts made in the period.
        sa.Index("ix_report_decisions_first", "municipality_id", "first_attempt_at"),
    )

    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("unit_decisions.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int]
    municipality_id: Mapped[int]
    gender: Mapped[Gender] = _word(Gender, "gender")
    age_group: Mapped[AgeGroup | None] = _word(AgeGroup, "age_group", True)
    achieved_at: Mapped[datetime | None]
    first_attempt_at: Mapped[datetime | None]
    passed_first: Mapped[bool] = mapped_column(default=False)
