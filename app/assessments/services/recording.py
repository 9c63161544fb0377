"""Recording what an assessment showed: a result per criterion, a score per unit."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.assessments import rules
from app.assessments.models import Assessment, AssessmentUnit, CriterionResult, UnitDecision
from app.assessments.rules import Refusal
from app.assessments.services.common import check_independent, text
from app.assessments.vocab import AssessmentKind, AssessmentStatus, Result
from app.audit import record
from app.db import today, utcnow
from app.extensions import db
from app.notifications import Kind, notify
from app.refusals import Refused, check


@dataclass
class UnitScore:
    """A theoretical test's score for a unit, against its pass mark."""

    score: int | None = None
    pass_mark: int | None = None
    max_score: int | None = None


@dataclass
class Results:
    """What the assessor entered: per criterion (result, comment), per unit a score (or, for a
    test with items, the unit's pass mark), and per item its score."""

    criteria: dict[int, tuple[Result | None, str | None]] = field(default_factory=dict)
    scores: dict[int, UnitScore] = field(default_factory=dict)
    items: dict[int, int | None] = field(default_factory=dict)


def exam_items(row: AssessmentUnit, scores: dict[int, int | None] | None = None) -> list:
    """The unit's items as the rules see them, with the `scores` entered or those recorded."""
    return [
        rules.ExamItem(
            key=item.id,
            max_points=item.max_points,
            criterion_ids=frozenset(c.id for c in item.criteria),
            pass_mark=item.pass_mark,
            score=item.score if scores is None else scores.get(item.id),
        )
        for item in row.items
    ]


def _item_problems(row: AssessmentUnit, entered: Results) -> dict[str, list[Refusal]]:
    pass_mark = entered.scores.get(row.unit_id, UnitScore()).pass_mark
    found = rules.exam_refusals(exam_items(row, entered.items), pass_mark)
    return {
        f"pass-{row.unit_id}" if key is None else f"item-{key}": refusals
        for key, refusals in found.items()
    }


def is_locked(assessment: Assessment) -> bool:
    """Results stay as they were once a unit of the assessment has been decided."""
    if not assessment.is_open:
        return True
    query = sa.select(UnitDecision.id).where(UnitDecision.assessment_id == assessment.id)
    return db.session.scalar(query.limit(1)) is not None


# The reasons that are about the pass mark the assessor typed, shown at that field.
AT_PASS_MARK = frozenset({Refusal.SCORE_WITHOUT_LIMIT, Refusal.LIMIT_ABOVE_MAXIMUM})


def problems(assessment: Assessment, entered: Results) -> dict[str, list[Refusal]]:
    """What is wrong with the entered results, by field: `criterion-<id>`, `unit-<id>`, and for
    a test `pass-<unit id>` (what is wrong with the pass mark) and for a test with items
    `item-<id>`."""
    found: dict[str, list[Refusal]] = {}
    practical = assessment.kind is AssessmentKind.PRACTICAL
    for row in assessment.units:
        if not practical and row.has_items:
            found.update(_item_problems(row, entered))
            continue
        criteria = [c.id for c in row.unit.criteria]
        if practical:
            results = {cid: entered.criteria.get(cid, (None, None))[0] for cid in criteria}
            for cid in rules.missing_results(criteria, results):
                found[f"criterion-{cid}"] = [Refusal.MISSING_RESULTS]
            continue
        score = entered.scores.get(row.unit_id, UnitScore())
        any_met = any(entered.criteria.get(cid, (None, None))[0] is Result.MET for cid in criteria)
        refused = rules.score_refusals(score.score, score.pass_mark, score.max_score, any_met)
        at_pass_mark = [r for r in refused if r in AT_PASS_MARK]
        at_score = [r for r in refused if r not in AT_PASS_MARK]
        if at_pass_mark:
            found[f"pass-{row.unit_id}"] = at_pass_mark
        if at_score:
            found[f"unit-{row.unit_id}"] = at_score
    return found


def _save_criterion(assessment, criterion_id, result, comment, actor) -> None:
    existing = assessment.result_for(criterion_id)
    if result is None:
        if existing is not None:
            assessment.results.remove(existing)
        return
    if existing is None:
        existing = CriterionResult(criterion_id=criterion_id)
        assessment.results.append(existing)
    existing.result, existing.comment = Result(result), text(comment)
    existing.recorded_by, existing.recorded_at = actor, utcnow()


def derive_item_results(row: AssessmentUnit, comments: dict[int, str | None], actor) -> None:
    """The unit's score and its criteria's results, from the item scores (`rules.exam_result`).

    A criterion no item covers gets no result from the test.
    """
    outcome = rules.exam_result(exam_items(row), row.pass_mark)
    row.score, row.max_score = outcome.total, outcome.maximum
    for criterion in row.unit.criteria:
        result = outcome.criteria.get(criterion.id)
        _save_criterion(row.assessment, criterion.id, result, comments.get(criterion.id), actor)


def clear_unit_results(row: AssessmentUnit) -> None:
    """Forget what the unit's test showed (its items keep their scores to be checked again)."""
    for criterion in row.unit.criteria:
        _save_criterion(row.assessment, criterion.id, None, None, None)
    row.score = row.max_score = None


def _record_items(row: AssessmentUnit, entered: Results, actor) -> None:
    for item in row.items:
        item.score = entered.items.get(item.id)
    row.pass_mark = entered.scores.get(row.unit_id, UnitScore()).pass_mark
    comments = {cid: comment for cid, (_, comment) in entered.criteria.items()}
    derive_item_results(row, comments, actor)


def record_results(assessment: Assessment, entered: Results, actor) -> None:
    """Save the results; raises Refused when the assessment is closed, its day has not come,
    or they are incomplete."""
    if is_locked(assessment):
        raise Refused(Refusal.ASSESSMENT_CLOSED)
    check_independent(actor, assessment.case)
    check(rules.held_refusals(assessment.scheduled_on, today()), held_on=assessment.scheduled_on)
    found = problems(assessment, entered)
    if found:
        raise Refused(*sorted({r for refusals in found.values() for r in refusals}))
    for row in assessment.units:
        if assessment.kind is AssessmentKind.THEORETICAL and row.has_items:
            _record_items(row, entered, actor)
            continue
        for criterion in row.unit.criteria:
            result, comment = entered.criteria.get(criterion.id, (None, None))
            _save_criterion(assessment, criterion.id, result, comment, actor)
        if assessment.kind is AssessmentKind.THEORETICAL:
            score = entered.scores.get(row.unit_id, UnitScore())
            row.score, row.pass_mark, row.max_score = score.score, score.pass_mark, score.max_score
    assessment.status = AssessmentStatus.RECORDED
    assessment.recorded_at = utcnow()
    db.session.flush()
    record(
        "assessment.results_recorded",
        assessment,
        participant_id=assessment.case.participant_id,
        details={"results": len(assessment.results)},
        user=actor,
    )
    # No actor: the assessor who recorded is told too, so the decision still to make stands in
    # their list until it is made.
    notify(Kind.RESULTS_AWAIT_DECISION, assessment)
