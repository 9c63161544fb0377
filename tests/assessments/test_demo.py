"""The demo assessments: every state, a failed attempt then training and a pass; idempotent."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.assessments.models import Assessment, AssessmentAttachment, ExamItem, UnitDecision
from app.assessments.vocab import (
    AssessmentKind,
    AssessmentStatus,
    DecisionOutcome,
    DecisionStatus,
    Result,
)
from app.cases.models import PlanActivity
from app.demo import load_demo_data
from app.extensions import db


@pytest.fixture(scope="session")
def app(demo_app):
    """The demo data, loaded once per process into a database of its own."""
    return demo_app


def test_the_demo_has_every_state_and_a_second_attempt_passed_after_training():
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
    # A theoretical test scored item by item, its criteria's results derived from the items.
    [with_items] = [row for a in assessments for row in a.units if row.items]
    assert with_items.assessment.kind is AssessmentKind.THEORETICAL
    assert with_items.score == sum(item.score for item in with_items.items)
    missed = [item for item in with_items.items if item.reached is False]
    assert with_items.passed and missed
    for item in with_items.items:
        for criterion in item.criteria:
            result = with_items.assessment.result_for(criterion.id).result
            assert (result is Result.MET) is (item is not missed[0])
    municipalities = {d.case.municipality.code for d in decisions}
    assert {"2280", "2262"} <= municipalities  # Härnösand's assessor works for Timrå too
    counts = (len(assessments), len(decisions), len(with_items.items))
    load_demo_data()
    db.session.expire_all()
    again = (
        db.session.scalar(sa.select(sa.func.count(Assessment.id))),
        db.session.scalar(sa.select(sa.func.count(UnitDecision.id))),
        db.session.scalar(sa.select(sa.func.count(ExamItem.id))),
    )
    assert again == counts
