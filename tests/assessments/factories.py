"""Factories for the assessments area, importable by other areas' tests (e.g. certificates)."""

from __future__ import annotations

from datetime import date

from app.assessments.services import decisions, planning, recording
from app.assessments.services.recording import Results, UnitScore
from app.assessments.services.verification import sign_recommendation, verify_decision
from app.assessments.vocab import AssessmentKind, DecisionOutcome, ExamMode, Result


def plan(case, assessor, units, *, kind=AssessmentKind.PRACTICAL, actor=None, **overrides):
    """A planned assessment of `units` of `case`, through the planning service."""
    data = {
        "unit_ids": [u.id for u in units],
        "kind": kind,
        "exam_mode": ExamMode.WRITTEN if kind == AssessmentKind.THEORETICAL else None,
        "place": "Städcentralen, Härnösand",
        "scheduled_on": date(2026, 12, 1),
        "assessor_id": assessor.id,
        "adaptations": [],
        **overrides,
    }
    return planning.plan_assessment(case, data, actor or case.coach)


def record(assessment, *, unmet=(), comment="Observerat på plats.", scores=None):
    """Results for every criterion: met, except the criterion ids in `unmet`."""
    entered = Results(scores={uid: UnitScore(*s) for uid, s in (scores or {}).items()})
    for row in assessment.units:
        for criterion in row.unit.criteria:
            result = Result.NOT_MET if criterion.id in unmet else Result.MET
            entered.criteria[criterion.id] = (result, comment)
    recording.record_results(assessment, entered, assessment.assessor)
    return assessment


def decide_all(assessment, outcome=None, justification=None):
    """Confirm a decision on every unit (the proposal unless `outcome` says otherwise)."""
    made = []
    for row in assessment.units:
        chosen = outcome or decisions.proposal_for(assessment.case_id, row.unit).outcome
        made.append(
            decisions.decide_unit(
                assessment, row.unit, DecisionOutcome(chosen), justification, assessment.assessor
            )
        )
    return made


def verified_unit(case, assessor, verifier, unit):
    """A unit assessed, achieved, signed and verified: ready for a certificate."""
    assessment = record(plan(case, assessor, [unit]))
    [decision] = decide_all(assessment)
    sign_recommendation(case, assessor, draw=lambda: 0.0)
    verify_decision(decision, verifier)
    return decision
