"""Theoretical tests with items: defined by the assessor, scored, and what they decide."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.assessments.models import CriterionResult, ExamItem, UnitDecision
from app.assessments.rules import Refusal
from app.assessments.services import decisions
from app.assessments.services.items import ItemData, change_item, remove_item
from app.assessments.services.items import add_item as add_item_service
from app.assessments.services.recording import Results, UnitScore, record_results
from app.assessments.services.verification import sign_recommendation, verify_decision
from app.assessments.vocab import AssessmentKind, AssessmentStatus, DecisionOutcome, Result
from app.audit import AuditEvent
from app.extensions import db
from app.refusals import Refused
from tests.assessments.factories import add_item, decide_all, plan, record, record_items
from tests.assessments.helpers import count
from tests.clock import TODAY

THEORETICAL = AssessmentKind.THEORETICAL
ACHIEVED, NOT_YET = DecisionOutcome.ACHIEVED, DecisionOutcome.NOT_YET_ACHIEVED


def refusals(call, *args) -> list[Refusal]:
    with pytest.raises(Refused) as raised:
        call(*args)
    return list(raised.value.codes)


@pytest.fixture
def test(world, case, unit):
    """A written test of `unit` with two items: 1 (criteria 1.1, 1.2; its own pass mark 6
    of 10) and 2 (criterion 2.1; 10 points); no item covers 2.2."""
    assessment = plan(case, world["assessor"], [unit], kind=THEORETICAL, scheduled_on=TODAY)
    c = unit.criteria
    add_item(assessment, unit, "1", 10, c[:2], pass_mark=6)
    add_item(assessment, unit, "2", 10, [c[2]])
    return assessment


def results_of(assessment) -> dict:
    return {r.criterion_id: r.result for r in assessment.results}


def test_item_scores_decide_the_unit_and_the_criteria_they_cover(test, unit):
    first, second = test.unit_row(unit.id).items
    c = unit.criteria
    record_items(test, {first: 5, second: 9}, {unit.id: 12}, comments={c[2].id: "Bra svar."})
    row = test.unit_row(unit.id)
    assert (row.score, row.max_score, row.pass_mark, row.passed) == (14, 20, 12, True)
    assert results_of(test) == {c[0].id: Result.NOT_MET, c[1].id: Result.NOT_MET, c[2].id: "met"}
    assert test.result_for(c[2].id).comment == "Bra svar."
    assert test.status is AssessmentStatus.RECORDED
    assert first.reached is False and second.reached is True


def test_below_the_unit_pass_mark_no_criterion_is_met(test, unit):
    first, second = test.unit_row(unit.id).items
    record_items(test, {first: 10, second: 2}, {unit.id: 15})
    assert set(results_of(test).values()) == {Result.NOT_MET}
    assert test.unit_row(unit.id).passed is False


def test_the_proposal_uses_the_item_results_of_every_attempt(world, case, unit, test):
    c = unit.criteria
    first, second = test.unit_row(unit.id).items
    add_item(test, unit, "3", 4, [c[3]])
    third = test.unit_row(unit.id).items[2]
    record_items(test, {first: 4, second: 10, third: 4}, {unit.id: 12})
    proposal = decisions.proposal_for(case.id, unit)
    assert proposal.outcome is NOT_YET and set(proposal.unmet) == {c[0].id, c[1].id}
    assert refusals(decisions.decide_unit, test, unit, ACHIEVED, "Jag vet bättre.", test.assessor)
    [failed] = decide_all(test)
    assert failed.outcome is NOT_YET
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    verify_decision(failed, world["verifier"])
    retake = plan(case, world["assessor"], [unit], kind=THEORETICAL, scheduled_on=TODAY)
    add_item(retake, unit, "1", 10, c[:2], pass_mark=6)
    record_items(retake, {retake.unit_row(unit.id).items[0]: 8}, {unit.id: 6})
    assert decisions.proposal_for(case.id, unit).outcome is ACHIEVED
    [passed] = decide_all(retake)
    assert passed.outcome is ACHIEVED and passed.proposed_outcome is ACHIEVED


def test_a_unit_and_its_items_beside_a_unit_scored_as_a_whole(world, case, framework):
    first, second = framework.units
    assessment = plan(
        case, world["assessor"], [first, second], kind=THEORETICAL, scheduled_on=TODAY
    )
    add_item(assessment, first, "A", 5, first.criteria)
    [item] = assessment.unit_row(first.id).items
    entered = Results(
        scores={first.id: UnitScore(pass_mark=3), second.id: UnitScore(16, 14, 20)},
        items={item.id: 4},
        criteria={c.id: (Result.MET, None) for c in second.criteria},
    )
    record_results(assessment, entered, assessment.assessor)
    assert all(assessment.result_for(c.id).result is Result.MET for c in first.criteria)
    assert assessment.unit_row(second.id).passed is True
    assert assessment.unit_row(first.id).score == 4


@pytest.mark.parametrize(
    ("label", "points", "pass_mark", "which", "refused"),
    [
        ("3", 5, None, "none", [Refusal.NO_CRITERIA]),
        ("3", 0, None, "one", [Refusal.NO_POINTS]),
        ("3", 5, 6, "one", [Refusal.LIMIT_ABOVE_MAXIMUM]),
        ("3", 5, -1, "one", [Refusal.NEGATIVE_POINTS]),
        ("1", 5, None, "one", [Refusal.DUPLICATE_ITEM]),
        ("3", 5, None, "foreign", [Refusal.NO_CRITERIA]),
    ],
)
def test_bad_items_are_refused_and_nothing_is_stored(
    test, unit, framework, label, points, pass_mark, which, refused
):
    criteria = {"none": (), "one": (unit.criteria[0].id,)}
    criteria["foreign"] = (framework.units[1].criteria[0].id,)
    row = test.unit_row(unit.id)
    data = ItemData(label, points, pass_mark, criteria[which])
    assert refusals(add_item_service, row, data, test.assessor) == refused
    db.session.expire_all()
    assert count(ExamItem) == 2


@pytest.mark.parametrize(
    ("first_score", "second_score", "pass_mark", "field", "refused"),
    [
        (11, 5, 10, "first", Refusal.SCORE_ABOVE_MAXIMUM),
        (-1, 5, 10, "first", Refusal.NEGATIVE_POINTS),
        (None, 5, 10, "first", Refusal.ITEM_NOT_SCORED),
        (5, 5, 21, "unit", Refusal.PASS_MARK_ABOVE_TOTAL),
        (5, 5, None, "unit", Refusal.NO_PASS_MARK),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_stored(
    test, unit, first_score, second_score, pass_mark, field, refused
):
    from app.assessments.services.recording import problems

    first, second = test.unit_row(unit.id).items
    entered = Results(
        scores={unit.id: UnitScore(pass_mark=pass_mark)},
        items={first.id: first_score, second.id: second_score},
    )
    key = f"item-{first.id}" if field == "first" else f"pass-{unit.id}"
    assert problems(test, entered) == {key: [refused]}
    assert refusals(record_results, test, entered, test.assessor) == [refused]
    assert first.score is None and count(CriterionResult) == 0
    assert test.status is AssessmentStatus.PLANNED


def test_a_practical_assessment_has_no_items(world, case, unit):
    assessment = plan(case, world["assessor"], [unit], scheduled_on=TODAY)
    data = ItemData("1", 5, None, (unit.criteria[0].id,))
    row = assessment.unit_row(unit.id)
    assert refusals(add_item_service, row, data, assessment.assessor) == [Refusal.NOT_THEORETICAL]


def test_changing_the_items_after_recording_keeps_the_results_true(test, unit):
    first, second = test.unit_row(unit.id).items
    c = unit.criteria
    record_items(test, {first: 7, second: 9}, {unit.id: 12}, comments={c[0].id: "Säkert."})
    assert results_of(test)[c[0].id] is Result.MET
    data = ItemData("1a", 10, 8, (c[0].id, c[1].id))
    change_item(first, data, test.assessor)  # a stricter own pass mark: derived again
    assert test.status is AssessmentStatus.RECORDED
    assert results_of(test)[c[0].id] is Result.NOT_MET
    assert test.result_for(c[0].id).comment == "Säkert."
    bigger = ItemData("1a", 6, None, (c[0].id,))
    assert refusals(change_item, first, bigger, test.assessor) == [Refusal.MAXIMUM_BELOW_SCORE]
    add_item(test, unit, "3", 2, [c[3]])  # not scored yet: the results wait for it
    assert test.status is AssessmentStatus.PLANNED
    assert results_of(test) == {} and test.unit_row(unit.id).score is None
    remove_item(test.unit_row(unit.id).items[2], test.assessor)
    assert test.status is AssessmentStatus.PLANNED  # recorded again by the assessor, not here
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"assessment.item_added", "assessment.item_changed", "assessment.item_removed"} <= (
        actions
    )


def test_items_are_locked_once_a_unit_is_decided(test, unit):
    first, second = test.unit_row(unit.id).items
    record_items(test, {first: 7, second: 9}, {unit.id: 12})
    decide_all(test)
    row = test.unit_row(unit.id)
    data = ItemData("9", 5, None, (unit.criteria[0].id,))
    assert refusals(add_item_service, row, data, test.assessor) == [Refusal.ASSESSMENT_CLOSED]
    assert refusals(change_item, first, data, test.assessor) == [Refusal.ASSESSMENT_CLOSED]
    assert refusals(remove_item, first, test.assessor) == [Refusal.ASSESSMENT_CLOSED]
    entered = Results(scores={unit.id: UnitScore(pass_mark=1)}, items={first.id: 0, second.id: 0})
    assert refusals(record_results, test, entered, test.assessor) == [Refusal.ASSESSMENT_CLOSED]
    db.session.expire_all()
    assert [i.score for i in row.items] == [7, 9] and count(ExamItem) == 2


def test_a_unit_scored_as_a_whole_still_works_without_items(world, case, unit):
    assessment = record(
        plan(case, world["assessor"], [unit], kind=THEORETICAL), scores={unit.id: (16, 14, 20)}
    )
    assert assessment.unit_row(unit.id).passed is True
    assert count(UnitDecision) == 0 and count(ExamItem) == 0
