"""Unit decisions: proposed from the results, confirmed by the assessor, signed, revised."""

from __future__ import annotations

from app.assessments import rules
from app.assessments.models import Assessment, UnitDecision
from app.assessments.queries import OPEN_STATUSES, current_decisions, unit_results
from app.assessments.rules import Proposal, Refusal
from app.assessments.services.common import check_independent, text
from app.assessments.vocab import AssessmentStatus, DecisionOutcome, DecisionStatus
from app.audit import record
from app.db import utcnow
from app.extensions import db
from app.frameworks.models import Unit
from app.refusals import check


def proposal_for(case_id: int, unit: Unit, results: list | None = None) -> Proposal:
    """What every attempt's results together propose for the unit (`results`: the unit's
    `(criterion id, result)` pairs when already read, e.g. from `results_by_unit`)."""
    outcomes = [[c.id for c in outcome.criteria] for outcome in unit.outcomes]
    return rules.propose(outcomes, unit_results(case_id, unit) if results is None else results)


def _open_refusals(case_id: int, unit_id: int, assessment_id: int | None) -> list[Refusal]:
    """A unit has one open decision at a time, and is not decided again once achieved."""
    refused = []
    for decision in current_decisions(case_id, unit_id):
        if assessment_id is not None and decision.assessment_id == assessment_id:
            refused.append(Refusal.ALREADY_DECIDED)
        elif decision.status in OPEN_STATUSES:
            refused.append(Refusal.DECISION_OPEN)
        elif decision.outcome is DecisionOutcome.ACHIEVED:
            refused.append(Refusal.UNIT_ACHIEVED)
    return sorted(set(refused))


def decide_refusals(assessment: Assessment, unit: Unit, outcome, justification) -> list[Refusal]:
    """Why the assessor may not decide the unit this way now; empty when they may."""
    if assessment.unit_row(unit.id) is None:
        return [Refusal.UNIT_NOT_ASSESSED]
    if assessment.status is not AssessmentStatus.RECORDED:
        closed = assessment.status in (AssessmentStatus.CANCELLED, AssessmentStatus.DECIDED)
        return [Refusal.ASSESSMENT_CLOSED if closed else Refusal.NOT_RECORDED]
    refused = _open_refusals(assessment.case_id, unit.id, assessment.id)
    proposal = proposal_for(assessment.case_id, unit)
    return refused + rules.decision_refusals(proposal, outcome, justification)


def _new_decision(case, unit: Unit, outcome, justification, actor, **extra) -> UnitDecision:
    proposal = proposal_for(case.id, unit)
    decision = UnitDecision(
        case=case,
        unit=unit,
        outcome=DecisionOutcome(outcome),
        proposed_outcome=proposal.outcome,
        justification=text(justification),
        status=DecisionStatus.CONFIRMED,
        assessor=actor,
        decided_at=utcnow(),
        **extra,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def decide_unit(assessment: Assessment, unit: Unit, outcome, justification, actor):
    """The assessor's confirmed decision on one unit of the assessment (refused at `outcome`)."""
    check(decide_refusals(assessment, unit, outcome, justification), field="outcome")
    check_independent(actor, assessment.case, field="outcome")
    decision = _new_decision(
        assessment.case, unit, outcome, justification, actor, assessment=assessment
    )
    decided = {
        d.unit_id for d in current_decisions(assessment.case_id) if d.assessment_id == assessment.id
    }
    if all(row.unit_id in decided for row in assessment.units):
        assessment.status, assessment.decided_at = AssessmentStatus.DECIDED, utcnow()
        db.session.flush()
    _log("assessment.unit_decided", decision, actor)
    return decision


def _log(action: str, decision: UnitDecision, actor, **details) -> None:
    record(
        action,
        decision,
        participant_id=decision.case.participant_id,
        details={
            "case": decision.case_id,
            "unit": decision.unit_id,
            "outcome": decision.outcome.value,
            **details,
        },
        user=actor,
    )


def _replace(old: UnitDecision, refusals, outcome, justification, reason, actor, action):
    """A new confirmed decision that supersedes `old`; the old one is left as it was (refused
    at `outcome`)."""
    proposal = proposal_for(old.case_id, old.unit)
    check(refusals + rules.decision_refusals(proposal, outcome, justification), field="outcome")
    check_independent(actor, old.case, field="outcome")
    decision = _new_decision(
        old.case,
        old.unit,
        outcome,
        justification,
        actor,
        assessment_id=old.assessment_id,
        supersedes=old,
        reason=reason.strip(),
    )
    _log(action, decision, actor, supersedes=old.id)
    return decision


def revise_decision(old: UnitDecision, outcome, justification, reason, actor) -> UnitDecision:
    """Answer a returned decision with a new one (to be signed again)."""
    refused = rules.revision_refusals(old.status, old.superseded_by is not None, reason)
    return _replace(old, refused, outcome, justification, reason, actor, "decision.revised")


def correct_decision(old: UnitDecision, outcome, justification, reason, actor) -> UnitDecision:
    """Correct a verified decision with a new one; the verified one is never changed."""
    refused = rules.correction_refusals(old.status, old.superseded_by is not None, reason)
    return _replace(old, refused, outcome, justification, reason, actor, "decision.corrected")


def confirmed_for_signature(case, actor) -> list[UnitDecision]:
    """The assessor's confirmed decisions on the case, waiting for their signature."""
    return [
        d
        for d in current_decisions(case.id)
        if d.assessor_id == actor.id and d.status is DecisionStatus.CONFIRMED
    ]
