"""The demo assessments: every state, a failed attempt then training and a pass; idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from app.assessments.models import Assessment, AssessmentAttachment, UnitDecision
from app.assessments.vocab import AssessmentStatus, DecisionOutcome, DecisionStatus
from app.cases.models import PlanActivity
from app.demo import load_demo_data
from app.extensions import db


def test_the_demo_has_assessments_in_every_state():
    load_demo_data()
    assessments = db.session.scalars(sa.select(Assessment)).all()
    decisions = db.session.scalars(sa.select(UnitDecision)).all()
    assert {a.status for a in assessments} >= {
        AssessmentStatus.PLANNED,
        AssessmentStatus.RECORDED,
        AssessmentStatus.DECIDED,
    }
    assert {d.status for d in decisions} >= {
        DecisionStatus.AWAITING_VERIFICATION,
        DecisionStatus.RETURNED,
        DecisionStatus.VERIFIED,
    }
    # A unit not yet achieved, training in the plan, then achieved at the second attempt.
    by_unit: dict = {}
    for decision in sorted(decisions, key=lambda d: d.id):
        by_unit.setdefault((decision.case_id, decision.unit_id), []).append(decision.outcome)
    retried = [
        key
        for key, outcomes in by_unit.items()
        if outcomes == [DecisionOutcome.NOT_YET_ACHIEVED, DecisionOutcome.ACHIEVED]
    ]
    assert retried
    case_id = retried[0][0]
    assert db.session.scalar(sa.select(PlanActivity.id).where(PlanActivity.case_id == case_id))
    assert db.session.scalar(sa.select(AssessmentAttachment.id))
    municipalities = {d.case.municipality.code for d in decisions}
    assert {"2280", "2262"} <= municipalities  # Härnösand's assessor works for Timrå too
    counts = (len(assessments), len(decisions))
    load_demo_data()
    db.session.expire_all()
    again = (
        db.session.scalar(sa.select(sa.func.count(Assessment.id))),
        db.session.scalar(sa.select(sa.func.count(UnitDecision.id))),
    )
    assert again == counts
