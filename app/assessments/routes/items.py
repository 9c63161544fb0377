"""The items of a theoretical test: list and add, change, remove."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.assessments import bp
from app.assessments.forms import ConfirmForm, ItemForm
from app.assessments.models import Assessment, ExamItem
from app.assessments.routes.helpers import closed, show_problems
from app.assessments.services import items as ops
from app.assessments.services.recording import is_locked
from app.assessments.vocab import AssessmentStatus
from app.extensions import get_or_none
from app.permissions import permission
from app.web import load, me, save, seen


def _items_url(row) -> str:
    return url_for("assessments.items", assessment_id=row.assessment_id, unit_id=row.unit_id)


def _open_row(assessment_id: int, unit_id: int):
    """The assessor's theoretical assessment and its unit (404 for any other)."""
    assessment = load(Assessment, assessment_id, "assessment.record")
    row = ops.exam_row(assessment, unit_id)
    if row is None:
        abort(404)
    return assessment, row


def _item(assessment_id: int, item_id: int) -> ExamItem:
    assessment = load(Assessment, assessment_id, "assessment.record")
    item = get_or_none(ExamItem, item_id)
    if item is None or item.assessment_unit.assessment_id != assessment.id:
        abort(404)
    return item


def _form(row, item: ExamItem | None = None) -> ItemForm:
    form = ItemForm()
    form.criteria.choices = [(c.id, f"{c.number} {c.text}") for c in row.unit.criteria]
    if item is not None and not form.is_submitted():
        form.label.data, form.max_points.data = item.label, item.max_points
        form.pass_mark.data = item.pass_mark
        form.criteria.data = [c.id for c in item.criteria]
    return form


def _accepted(form, row, item: ExamItem | None = None) -> bool:
    """The form is valid and the rules accept the item; else their reasons at the fields."""
    if not form.validate_on_submit():
        return False
    return show_problems(form, ops.item_problems(row, form.data_for_service(), item))


def _save(change, success: str, row, form=None):
    """Save the change to the unit's test, then say so when it sent the assessment back to
    waiting for results."""
    before = row.assessment.status
    done = save(change, success, _items_url(row), form=form)
    sent_back = (
        before is AssessmentStatus.RECORDED and row.assessment.status is AssessmentStatus.PLANNED
    )
    if done and sent_back:
        flash(_("The test changed: record the results of this unit again."), "warning")
    return done


def _page(template: str, row, form, **context):
    assessment = row.assessment
    seen("assessment.viewed", assessment, participant_id=assessment.case.participant_id)
    return render_template(template, row=row, form=form, **context)


@bp.route("/<int:assessment_id>/units/<int:unit_id>/items", methods=["GET", "POST"])
@permission("assessment.record")
def items(assessment_id: int, unit_id: int):
    """The items of the unit's test, and a form to add one."""
    assessment, row = _open_row(assessment_id, unit_id)
    if is_locked(assessment):
        return closed(assessment)
    form = _form(row)
    done = _accepted(form, row) and _save(
        lambda: ops.add_item(row, form.data_for_service(), me()),
        _("The item was added."),
        row,
        form,
    )
    return done or _page("assessments/items.html", row, form, assessment=assessment)


@bp.route("/<int:assessment_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@permission("assessment.record")
def item_edit(assessment_id: int, item_id: int):
    """Change an item's label, points, pass mark or criteria."""
    item = _item(assessment_id, item_id)
    row = item.assessment_unit
    if is_locked(row.assessment):
        return closed(row.assessment)
    form = _form(row, item)
    done = _accepted(form, row, item) and _save(
        lambda: ops.change_item(item, form.data_for_service(), me()),
        _("The item was saved."),
        row,
        form,
    )
    return done or _page("assessments/item_form.html", row, form, item=item)


@bp.post("/<int:assessment_id>/items/<int:item_id>/remove")
@permission("assessment.record")
def item_remove(assessment_id: int, item_id: int):
    """Remove an item from the unit's test."""
    item = _item(assessment_id, item_id)
    row = item.assessment_unit
    if not ConfirmForm().validate_on_submit():
        return redirect(_items_url(row))
    return _save(lambda: ops.remove_item(item, me()), _("The item was removed."), row)
