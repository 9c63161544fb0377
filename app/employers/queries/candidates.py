"""Who employers may see, decided live (matching reads it from `participant_units`)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from app.cases.models import Case, ConsentEvent, Participant
from app.cases.vocab import ConsentKind
from app.cases.workflow import Stage
from app.employers.models import CandidateProfile
from app.extensions import db
from app.frameworks.vocab import Level

# A case in these stages is "in matching or later" and still open.
CANDIDATE_STAGES = (Stage.MATCHING, Stage.PLACED)


def level_rank(column) -> sa.Case:
    """The position of an OCN level, lowest first, as an SQL expression."""
    return sa.case(*[(column == level, rank) for rank, level in enumerate(Level)], else_=-1)


def _latest_employer_consent():
    return (
        sa.select(ConsentEvent.is_given)
        .where(
            ConsentEvent.participant_id == Participant.id,
            ConsentEvent.kind == ConsentKind.EMPLOYERS,
        )
        .order_by(ConsentEvent.id.desc())
        .limit(1)
        .correlate(Participant)
        .scalar_subquery()
    )


def candidate_condition() -> sa.ColumnElement[bool]:
    """Participants employers may see: consent to sharing, a case in matching or later,
    and no protected identity unless the participant explicitly agreed."""
    in_matching = (
        sa.exists()
        .where(Case.participant_id == Participant.id, Case.stage.in_(CANDIDATE_STAGES))
        .correlate(Participant)
    )
    agreed_despite_protection = (
        sa.exists()
        .where(
            CandidateProfile.participant_id == Participant.id,
            CandidateProfile.protected_identity_consent.is_(True),
        )
        .correlate(Participant)
    )
    return sa.and_(
        _latest_employer_consent() == sa.true(),
        in_matching,
        sa.or_(Participant.is_protected.is_(False), agreed_despite_protection),
    )


def is_candidate(participant_id: int) -> bool:
    """True while the participant is visible to employers."""
    return bool(
        db.session.scalar(
            sa.select(sa.literal(True)).where(
                Participant.id == participant_id, candidate_condition()
            )
        )
    )


def municipality_candidates(municipality_id: int | None) -> sa.Select:
    """The municipality's cases in matching or placed, with their participants, by stage and
    then the latest to enter it first (to page)."""
    return (
        sa.select(Case)
        .join(Case.participant)
        .options(contains_eager(Case.participant))
        .where(Case.municipality_id == municipality_id, Case.stage.in_(CANDIDATE_STAGES))
        .order_by(Case.stage, Case.stage_entered_at.desc(), Case.id)
    )


def candidates_among(participant_ids: list[int]) -> set[int]:
    """Those of these participants whom employers may see."""
    return set(
        db.session.scalars(
            sa.select(Participant.id).where(
                Participant.id.in_(participant_ids), candidate_condition()
            )
        )
    )
