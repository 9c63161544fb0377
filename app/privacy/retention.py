"""Which participants are due for anonymisation, and why; and who may be erased on request.

A participant is due when none of their cases is open, no referral of theirs waits for a
decision, and their municipality's retention period has passed since their last entry: the
latest moment anything about them was written (a transition, a journal entry, a decision,
an edit...). The anonymisation must then be completed by the end of the following calendar year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from app.cases.models import Case, Participant, Referral
from app.cases.vocab import ReferralStatus
from app.cases.workflow import Stage
from app.extensions import db
from app.privacy.coverage import rows_of
from app.privacy.models import DEFAULT_RETENTION_YEARS, RetentionRule
from app.privacy.vocab import Refusal

PENDING_REFERRALS = (ReferralStatus.WAITING, ReferralStatus.RETURNED)


@dataclass(frozen=True)
class Due:
    """A participant whose data may no longer be kept, and the reasons."""

    participant_id: int
    municipality: str
    case_ids: tuple[int, ...]
    last_entry: date
    years: int
    due_on: date
    complete_by: date


def years_for(municipality_id: int) -> int:
    """The municipality's retention period in years (the default when it has set none)."""
    years = db.session.scalar(
        sa.select(RetentionRule.years).where(RetentionRule.municipality_id == municipality_id)
    )
    return years or DEFAULT_RETENTION_YEARS


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_entry(participant_id: int) -> datetime | None:
    """The latest timestamp in any row about the participant."""
    latest = None
    for rows in rows_of(db.session, db.metadata, participant_id).values():
        for row in rows:
            for value in row.values():
                if isinstance(value, datetime) and (latest is None or value > latest):
                    latest = value
    return latest


def keeping_reason(participant: Participant) -> Refusal | None:
    """Why the law requires keeping the participant's data now, or None.

    An open case (also a paused one or one being transferred) is ongoing handling; a referral
    waiting for a decision is an open matter; neither may be erased or anonymised.
    """
    if participant.is_anonymised:
        return Refusal.ANONYMISED
    open_case = sa.select(Case.id).where(
        Case.participant_id == participant.id, Case.stage != Stage.CLOSED
    )
    if db.session.scalar(open_case.limit(1)) is not None:
        return Refusal.OPEN_CASE
    pending = sa.select(Referral.id).where(
        Referral.participant_id == participant.id, Referral.status.in_(PENDING_REFERRALS)
    )
    if db.session.scalar(pending.limit(1)) is not None:
        return Refusal.PENDING_REFERRAL
    return None


def _candidates(today: date) -> list[Participant]:
    """Participants not anonymised, with no open case, no pending referral and no change to
    them or their cases within the shortest retention period (a cheap bound on the last entry).
    """
    shortest = db.session.scalar(sa.select(sa.func.min(RetentionRule.years)))
    cutoff = datetime.combine(
        add_years(today, -min(shortest or DEFAULT_RETENTION_YEARS, DEFAULT_RETENTION_YEARS)),
        time(),
        UTC,
    )
    recent_case = sa.select(Case.id).where(
        Case.participant_id == Participant.id,
        sa.or_(Case.stage != Stage.CLOSED, Case.updated_at >= cutoff),
    )
    pending = sa.select(Referral.id).where(
        Referral.participant_id == Participant.id, Referral.status.in_(PENDING_REFERRALS)
    )
    query = (
        sa.select(Participant)
        .where(
            Participant.anonymised_at.is_(None),
            Participant.updated_at < cutoff,
            ~recent_case.exists(),
            ~pending.exists(),
        )
        .order_by(Participant.id)
    )
    return list(db.session.scalars(query))


def due_participants(today: date, municipality_id: int | None = None) -> list[Due]:
    """Every participant due for anonymisation on `today` (in one municipality, if given)."""
    found = []
    for participant in _candidates(today):
        if municipality_id is not None and participant.municipality_id != municipality_id:
            continue
        latest = last_entry(participant.id)
        years = years_for(participant.municipality_id)
        if latest is None:
            continue
        due_on = add_years(latest.date(), years)
        if due_on <= today:
            case_ids = tuple(
                db.session.scalars(
                    sa.select(Case.id)
                    .where(Case.participant_id == participant.id)
                    .order_by(Case.id)
                )
            )
            found.append(
                Due(
                    participant_id=participant.id,
                    municipality=participant.municipality.name,
                    case_ids=case_ids,
                    last_entry=latest.date(),
                    years=years,
                    due_on=due_on,
                    complete_by=date(due_on.year + 1, 12, 31),
                )
            )
    return found
