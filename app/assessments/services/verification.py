"""Internal quality assurance: signing, sampling, verifying and returning decisions."""

from __future__ import annotations

import random
from collections.abc import Callable

import sqlalchemy as sa

from app.assessments import rules
from app.assessments.models import AssessmentSettings, CreditRecommendation, UnitDecision
from app.assessments.models.decisions import DEFAULT_SAMPLE_PERCENT
from app.assessments.rules import Refusal
from app.assessments.services.common import check_independent, participant_coach_ids, person, text
from app.assessments.services.decisions import confirmed_for_signature
from app.assessments.vocab import DecisionStatus
from app.audit import record
from app.db import utcnow
from app.extensions import db
from app.notifications import Kind, notify
from app.refusals import Refused, check

_random = random.SystemRandom()


def sample_percent(municipality_id: int) -> int:
    """The share of decisions the municipality verifies (100 unless it set another)."""
    query = sa.select(AssessmentSettings.sample_percent).where(
        AssessmentSettings.municipality_id == municipality_id
    )
    value = db.session.scalar(query)
    return DEFAULT_SAMPLE_PERCENT if value is None else value


def set_sample_percent(municipality, percent: int, actor) -> AssessmentSettings:
    """Change the municipality's share of decisions verified."""
    settings = db.session.scalar(
        sa.select(AssessmentSettings).where(AssessmentSettings.municipality_id == municipality.id)
    )
    if settings is None:
        settings = AssessmentSettings(municipality=municipality)
        db.session.add(settings)
    before = settings.sample_percent
    settings.sample_percent, settings.updated_by = percent, actor
    db.session.flush()
    record(
        "assessment.sampling_changed",
        settings,
        details={"municipality": municipality.id, "from": before, "to": percent},
        user=actor,
    )
    return settings


def earlier_cases(assessor_id: int, case_id: int) -> int:
    """How many of the assessor's other cases had decisions sent before this case's first."""
    firsts = dict(
        db.session.execute(
            sa.select(UnitDecision.case_id, sa.func.min(UnitDecision.submitted_at))
            .where(UnitDecision.assessor_id == assessor_id, UnitDecision.submitted_at.is_not(None))
            .group_by(UnitDecision.case_id)
        ).all()
    )
    mine = firsts.pop(case_id, None)
    return sum(1 for first in firsts.values() if mine is None or first < mine)


def sign_recommendation(
    case, actor, draw: Callable[[], float] = _random.random
) -> CreditRecommendation:
    """The assessor signs the recommendation and sends their confirmed decisions on.

    Each decision is verified by a person if the sample takes it, or else marked verified by
    sampling at once; the assessor's first ten cases are always in the sample.
    """
    decisions = confirmed_for_signature(case, actor)
    if not decisions:
        raise Refused(Refusal.NOTHING_TO_SIGN)
    check_independent(actor, case)
    now = utcnow()
    share, earlier = sample_percent(case.municipality_id), earlier_cases(actor.id, case.id)
    signed = CreditRecommendation(case=case, assessor=actor, signed_at=now)
    db.session.add(signed)
    for decision in decisions:
        decision.recommendation, decision.submitted_at = signed, now
        if rules.in_sample(share, earlier, draw()):
            decision.status = DecisionStatus.AWAITING_VERIFICATION
        else:
            decision.status = DecisionStatus.VERIFIED
            decision.verified_by_sampling, decision.verified_at = True, now
    db.session.flush()
    record(
        "assessment.recommendation_signed",
        signed,
        participant_id=case.participant_id,
        details={"case": case.id, "decisions": [d.id for d in decisions], "share": share},
        user=actor,
    )
    for decision in decisions:
        if decision.verified_by_sampling:
            _log("decision.verified_by_sampling", decision, actor)
    waiting = [d for d in decisions if d.status is DecisionStatus.AWAITING_VERIFICATION]
    if waiting:  # one notification for the lot: the verifiers' queue shows them all
        notify(Kind.VERIFICATION_WAITING, waiting[0], actor=actor)
    return signed


def _log(action: str, decision: UnitDecision, actor, **details) -> None:
    record(
        action,
        decision,
        participant_id=decision.case.participant_id,
        details={"case": decision.case_id, "unit": decision.unit_id, **details},
        user=actor,
    )


def _current(decision: UnitDecision) -> list[Refusal]:
    return [] if decision.superseded_by is None else [Refusal.NOT_CURRENT]


def verify_decision(decision: UnitDecision, actor) -> None:
    """An internal verifier approves a decision they did not make."""
    refused = rules.verification_refusals(
        person(actor),
        decision.assessor_id,
        decision.status,
        coach_ids=participant_coach_ids(decision.case),
    )
    check(_current(decision) + refused)
    decision.status = DecisionStatus.VERIFIED
    decision.verifier, decision.verified_at = actor, utcnow()
    db.session.flush()
    _log("decision.verified", decision, actor)


def return_decision(decision: UnitDecision, comment: str, actor) -> None:
    """An internal verifier sends a decision back to its assessor, saying why."""
    refused = rules.return_refusals(
        person(actor),
        decision.assessor_id,
        decision.status,
        comment,
        coach_ids=participant_coach_ids(decision.case),
    )
    check(_current(decision) + refused)
    decision.status = DecisionStatus.RETURNED
    decision.verifier, decision.returned_at = actor, utcnow()
    decision.return_comment = text(comment)
    db.session.flush()
    _log("decision.returned", decision, actor)
    notify(Kind.DECISION_RETURNED, decision, actor=actor)
