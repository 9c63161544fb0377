"""What the participant's own pages show: only their own cases, and of each only what is meant
for them (never the referral's background, never a journal entry the coach did not share)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from app.assessments.models import Assessment
from app.assessments.vocab import AssessmentStatus
from app.cases.models import (
    Adaptation,
    Case,
    FollowUp,
    JournalEntry,
    Participant,
    PlanActivity,
    PlanGoal,
    Summons,
)
from app.cases.vocab import PlanStatus
from app.db import today, utcnow
from app.extensions import db
from app.portal.models import PortalSettings

UPCOMING = 3  # meetings and assessments shown ahead


def my_participant(user) -> Participant | None:
    """The participant the account is."""
    return db.session.get(Participant, user.participant_id) if user.participant_id else None


def my_cases(user) -> list[Case]:
    """The participant's cases, the newest first."""
    query = sa.select(Case).where(Case.participant_id == user.participant_id)
    return list(db.session.scalars(query.order_by(Case.id.desc())))


def current_case(user) -> Case | None:
    """The case the participant's pages start at: the newest open one, else the newest."""
    cases = my_cases(user)
    return next((case for case in cases if case.is_open), cases[0] if cases else None)


@dataclass(frozen=True)
class Meeting:
    """A meeting or an assessment the participant is called to."""

    kind: str  # "meeting" or "assessment"
    day: date
    starts_at: datetime | None  # none when only the day is set (an assessment)
    place: str
    bring: str | None = None
    note: str | None = None
    adaptations: list[str] = field(default_factory=list)
    contact: str | None = None
    contact_phone: str | None = None


def upcoming(case: Case, adaptation_words: dict) -> list[Meeting]:
    """The case's coming meetings (its summonses) and planned assessments, the soonest first."""
    now = utcnow()
    summonses = db.session.scalars(
        sa.select(Summons).where(Summons.case_id == case.id, Summons.starts_at >= now)
    ).all()
    called = {s.assessment_id for s in summonses if s.assessment_id}
    assessments = db.session.scalars(
        sa.select(Assessment).where(
            Assessment.case_id == case.id,
            Assessment.status == AssessmentStatus.PLANNED,
            Assessment.scheduled_on >= today(),
        )
    ).all()
    found = [_of_summons(s, adaptation_words) for s in summonses]
    found += [_of_assessment(a, adaptation_words) for a in assessments if a.id not in called]
    found.sort(key=lambda m: (m.day, m.starts_at or datetime.min.replace(tzinfo=now.tzinfo)))
    return found[:UPCOMING]


def _of_summons(summons: Summons, words: dict) -> Meeting:
    adaptations = _assessment_adaptations(summons.assessment, words) if summons.assessment else []
    return Meeting(
        kind=summons.purpose.value,
        day=summons.starts_at.date(),
        starts_at=summons.starts_at,
        place=summons.place,
        bring=summons.bring,
        note=summons.note,
        adaptations=adaptations,
        contact=summons.contact_name,
        contact_phone=summons.contact_phone,
    )


def _of_assessment(assessment: Assessment, words: dict) -> Meeting:
    return Meeting(
        kind="assessment",
        day=assessment.scheduled_on,
        starts_at=None,
        place=assessment.place,
        note=assessment.instructions,
        adaptations=_assessment_adaptations(assessment, words),
    )


def _assessment_adaptations(assessment: Assessment, words: dict) -> list[str]:
    found = [str(words[row.kind]) for row in assessment.adaptations]
    return found + ([assessment.adaptation_notes] if assessment.adaptation_notes else [])


def agreed_adaptations(case: Case) -> list[str]:
    """What was agreed with the participant for their needs."""
    query = sa.select(Adaptation.agreed).where(
        Adaptation.case_id == case.id, Adaptation.agreed.is_not(None)
    )
    return [text for text in db.session.scalars(query.order_by(Adaptation.id)) if text.strip()]


def _of_case(model, case: Case, *order):
    return list(
        db.session.scalars(sa.select(model).where(model.case_id == case.id).order_by(*order))
    )


def goals(case: Case) -> list[PlanGoal]:
    return _of_case(PlanGoal, case, PlanGoal.id)


def activities(case: Case) -> list[PlanActivity]:
    return _of_case(PlanActivity, case, PlanActivity.id)


def follow_ups(case: Case) -> list[FollowUp]:
    return _of_case(FollowUp, case, FollowUp.due_on, FollowUp.id)


def to_do(case: Case) -> list[PlanActivity]:
    """What the participant is asked to do now: the activities planned or going on."""
    active = (PlanStatus.PLANNED, PlanStatus.IN_PROGRESS)
    return [activity for activity in activities(case) if activity.status in active]


def shared_notes(case: Case) -> list[JournalEntry]:
    """The journal entries the coach chose to show the participant, the newest first."""
    query = sa.select(JournalEntry).where(
        JournalEntry.case_id == case.id, JournalEntry.is_shared.is_(True)
    )
    return list(
        db.session.scalars(query.order_by(JournalEntry.occurred_on.desc(), JournalEntry.id.desc()))
    )


def mail_codes_on(municipality_id: int) -> bool:
    """The administrator's setting for the municipality (off until switched on)."""
    found = db.session.get(PortalSettings, municipality_id)
    return found is not None and found.mail_codes


def any_mail_codes() -> bool:
    """True when some municipality lets its participants sign in with a code by email."""
    query = sa.select(PortalSettings.municipality_id).where(PortalSettings.mail_codes.is_(True))
    return db.session.scalar(query.limit(1)) is not None
