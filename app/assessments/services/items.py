"""The items of a theoretical test: the assessor defines them per unit, then scores them.

Items may change while the assessment's results may; once a unit of it is decided (or it is
cancelled) they stay as they were, like every other result. Changing the items of a test whose
results were recorded derives the unit's results again from the scores already given, or, when
those no longer make a complete test (a new item without a score, a pass mark above the new
total), forgets the unit's results and sends the assessment back to waiting for results.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.assessments import rules
from app.assessments.models import AssessmentUnit, ExamItem
from app.assessments.rules import Refusal
from app.assessments.services.common import check_independent
from app.assessments.services.recording import (
    clear_unit_results,
    derive_item_results,
    exam_items,
    is_locked,
)
from app.assessments.vocab import AssessmentKind, AssessmentStatus
from app.audit import record
from app.extensions import db
from app.refusals import check


@dataclass(frozen=True)
class ItemData:
    """An item as the assessor defines it."""

    label: str
    max_points: int | None
    pass_mark: int | None
    criterion_ids: tuple[int, ...]


def _open_refusals(row: AssessmentUnit) -> list[Refusal]:
    if row.assessment.kind is not AssessmentKind.THEORETICAL:
        return [Refusal.NOT_THEORETICAL]
    return [Refusal.ASSESSMENT_CLOSED] if is_locked(row.assessment) else []


def item_refusals(row: AssessmentUnit, data: ItemData, item: ExamItem | None = None):
    """Why the item cannot be saved like this; empty when it can."""
    closed = _open_refusals(row)
    if closed:
        return closed
    unit_criteria = {c.id for c in row.unit.criteria}
    criteria = [cid for cid in data.criterion_ids if cid in unit_criteria]
    if len(criteria) != len(data.criterion_ids):
        criteria = []  # a criterion of another unit: the item covers nothing it may
    others = [other.label for other in row.items if other is not item]
    score = item.score if item is not None else None
    return rules.item_refusals(
        data.max_points, data.pass_mark, criteria, score
    ) + rules.label_refusals(data.label, others)


# The item form's field each refusal belongs at; any other is about the item as a whole.
FIELDS = {
    Refusal.NO_POINTS: "max_points",
    Refusal.MAXIMUM_BELOW_SCORE: "max_points",
    Refusal.NEGATIVE_POINTS: "pass_mark",
    Refusal.LIMIT_ABOVE_MAXIMUM: "pass_mark",
    Refusal.NO_CRITERIA: "criteria",
    Refusal.DUPLICATE_ITEM: "label",
}


def item_problems(
    row: AssessmentUnit, data: ItemData, item: ExamItem | None = None
) -> dict[str | None, list[Refusal]]:
    """`item_refusals` by the item form's field they belong at (None: the item as a whole)."""
    found: dict[str | None, list[Refusal]] = {}
    for refusal in item_refusals(row, data, item):
        found.setdefault(FIELDS.get(refusal), []).append(refusal)
    return found


def _criteria(row: AssessmentUnit, ids) -> list:
    return [c for c in row.unit.criteria if c.id in set(ids)]


def _log(action: str, row: AssessmentUnit, item: ExamItem, actor) -> None:
    assessment = row.assessment
    record(
        action,
        assessment,
        participant_id=assessment.case.participant_id,
        details={"unit": row.unit_id, "item": item.id, "label": item.label},
        user=actor,
    )


def _refresh(row: AssessmentUnit, actor) -> None:
    """Keep recorded results true to the items (see the module's docstring)."""
    assessment = row.assessment
    if assessment.status is not AssessmentStatus.RECORDED:
        return
    complete = row.has_items and not rules.exam_refusals(exam_items(row), row.pass_mark)
    if complete:
        comments = {r.criterion_id: r.comment for r in assessment.results}
        derive_item_results(row, comments, actor)
    else:
        clear_unit_results(row)
        assessment.status = AssessmentStatus.PLANNED
    db.session.flush()


def add_item(row: AssessmentUnit, data: ItemData, actor) -> ExamItem:
    """A new item of the unit's test."""
    check(item_refusals(row, data))
    check_independent(actor, row.assessment.case)
    item = ExamItem(
        label=data.label.strip(),
        max_points=data.max_points,
        pass_mark=data.pass_mark,
        criteria=_criteria(row, data.criterion_ids),
    )
    row.items.append(item)
    db.session.flush()
    _refresh(row, actor)
    _log("assessment.item_added", row, item, actor)
    return item


def change_item(item: ExamItem, data: ItemData, actor) -> ExamItem:
    """Change an item's label, points, pass mark or criteria."""
    row = item.assessment_unit
    check(item_refusals(row, data, item))
    check_independent(actor, row.assessment.case)
    item.label = data.label.strip()
    item.max_points, item.pass_mark = data.max_points, data.pass_mark
    item.criteria = _criteria(row, data.criterion_ids)
    db.session.flush()
    _refresh(row, actor)
    _log("assessment.item_changed", row, item, actor)
    return item


def remove_item(item: ExamItem, actor) -> None:
    """Remove an item from the unit's test."""
    row = item.assessment_unit
    check(_open_refusals(row))
    check_independent(actor, row.assessment.case)
    _log("assessment.item_removed", row, item, actor)
    row.items.remove(item)
    db.session.flush()
    _refresh(row, actor)


def exam_row(assessment, unit_id: int) -> AssessmentUnit | None:
    """The theoretical assessment's row for a unit, or None."""
    if assessment.kind is not AssessmentKind.THEORETICAL:
        return None
    return assessment.unit_row(unit_id)
