"""Factories for the assessments area, importable by other areas' tests (e.g. certificates)."""

from __future__ import annotations

from app.assessments.services import decisions, planning, recording
from app.assessments.services.recording import Results, UnitScore
from app.assessments.services.verification import sign_recommendation, verify_decision
from app.assessments.vocab import AssessmentKind, DecisionOutcome, ExamMode, Result
from app.db import today
from tests.clock import days


def plan(case, assessor, units, *, kind=AssessmentKind.PRACTICAL, actor=None, **overrides):
    """A planned assessment of `units` of `case`, through the planning service."""
    data = {
        "unit_ids": [u.id for u in units],
        "kind": kind,
        "exam_mode": ExamMode.WRITTEN if kind == AssessmentKind.THEORETICAL else None,
        "place": "Städcentralen, Härnösand",
        "scheduled_on": days(7),
        "assessor_id": assessor.id,
        "adaptations": [],
        **overrides,
    }
    return planning.plan_assessment(case, data, actor or case.coach)


def record(assessment, *, unmet=(), comment="Observerat på plats.", scores=None):
    """Results for every criterion: met, except the criterion ids in `unmet`. An assessment
    planned for a later day is held today (results are never recorded before its day)."""
    assessment.scheduled_on = min(assessment.scheduled_on, today())
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


def add_item(assessment, unit, label, points, criteria, pass_mark=None):
    """An item of the unit's theoretical test covering `criteria`, through the service."""
    from app.assessments.services.items import ItemData, add_item

    row = assessment.unit_row(unit.id)
    data = ItemData(label, points, pass_mark, tuple(c.id for c in criteria))
    return add_item(row, data, assessment.assessor)


def record_items(assessment, scores, pass_marks, comments=None):
    """Scores per item (by item) and the pass mark per unit (by unit id), through the service."""
    entered = Results(
        scores={uid: UnitScore(pass_mark=mark) for uid, mark in pass_marks.items()},
        items={item.id: score for item, score in scores.items()},
        criteria={cid: (None, text) for cid, text in (comments or {}).items()},
    )
    recording.record_results(assessment, entered, assessment.assessor)
    return assessment
