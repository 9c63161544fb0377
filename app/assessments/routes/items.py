"""The items of a theoretical test: list and add, change, remove."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.assessments import bp, labels
from app.assessments.forms import ConfirmForm, ItemForm
from app.assessments.models import Assessment, ExamItem
from app.assessments.routes.helpers import flash_refused, load, viewed
from app.assessments.rules import Refusal, Refused
from app.assessments.services import items as ops
from app.assessments.services.recording import is_locked
from app.assessments.vocab import AssessmentStatus
from app.extensions import db
from app.permissions import permission
from app.web import me

# Which field of the item form each refusal belongs to; any other is shown above the form.
FIELDS = {
    Refusal.NO_POINTS: "max_points",
    Refusal.MAXIMUM_BELOW_SCORE: "max_points",
    Refusal.NEGATIVE_POINTS: "pass_mark",
    Refusal.LIMIT_ABOVE_MAXIMUM: "pass_mark",
    Refusal.NO_CRITERIA: "criteria",
    Refusal.DUPLICATE_ITEM: "label",
}


def _items_page(assessment, row):
    return redirect(url_for("assessments.items", assessment_id=assessment.id, unit_id=row.unit_id))


def _open_row(assessment_id: int, unit_id: int):
    """The assessor's theoretical assessment and its unit (404 for any other)."""
    assessment = load(Assessment, assessment_id, "assessment.record")
    row = ops.exam_row(assessment, unit_id)
    if row is None:
        abort(404)
    return assessment, row


def _item(assessment_id: int, item_id: int) -> ExamItem:
    assessment = load(Assessment, assessment_id, "assessment.record")
    item = db.session.get(ExamItem, item_id)
    if item is None or item.assessment_unit.assessment_id != assessment.id:
        abort(404)
    return item


def _closed(assessment):
    flash(labels.REFUSALS[Refusal.ASSESSMENT_CLOSED], "error")
    return redirect(url_for("assessments.show", assessment_id=assessment.id))


def _form(row, item: ExamItem | None = None) -> ItemForm:
    form = ItemForm()
    form.criteria.choices = [(c.id, f"{c.number} {c.text}") for c in row.unit.criteria]
    if item is not None and not form.is_submitted():
        form.label.data, form.max_points.data = item.label, item.max_points
        form.pass_mark.data = item.pass_mark
        form.criteria.data = [c.id for c in item.criteria]
    return form


def _results_again(assessment, before) -> None:
    """Say so when the change sent the assessment back to waiting for results."""
    if before is AssessmentStatus.RECORDED and assessment.status is AssessmentStatus.PLANNED:
        flash(_("The test changed: record the results of this unit again."), "warning")


def _save(form, change, target) -> bool:
    """Run the change on `target`; False with the rules' reasons at their fields if refused."""
    try:
        change(target, form.data_for_service(), me())
    except Refused as error:
        db.session.rollback()
        for refusal in error.refusals:
            name = FIELDS.get(refusal)
            if name is None:
                flash(labels.REFUSALS[refusal], "error")
            else:
                form[name].errors = list(form[name].errors) + [str(labels.REFUSALS[refusal])]
        return False
    db.session.commit()
    return True


@bp.route("/<int:assessment_id>/units/<int:unit_id>/items", methods=["GET", "POST"])
@permission("assessment.record")
def items(assessment_id: int, unit_id: int):
    """The items of the unit's test, and a form to add one."""
    assessment, row = _open_row(assessment_id, unit_id)
    if is_locked(assessment):
        return _closed(assessment)
    form, before = _form(row), assessment.status
    if form.validate_on_submit() and _save(form, ops.add_item, row):
        flash(_("The item was added."), "success")
        _results_again(assessment, before)
        return _items_page(assessment, row)
    viewed(assessment, assessment.case.participant_id, "assessment.viewed")
    return render_template("assessments/items.html", assessment=assessment, row=row, form=form)


@bp.route("/<int:assessment_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@permission("assessment.record")
def item_edit(assessment_id: int, item_id: int):
    """Change an item's label, points, pass mark or criteria."""
    item = _item(assessment_id, item_id)
    row = item.assessment_unit
    if is_locked(row.assessment):
        return _closed(row.assessment)
    form, before = _form(row, item), row.assessment.status
    if form.validate_on_submit() and _save(form, ops.change_item, item):
        flash(_("The item was saved."), "success")
        _results_again(row.assessment, before)
        return _items_page(row.assessment, row)
    viewed(row.assessment, row.assessment.case.participant_id, "assessment.viewed")
    return render_template("assessments/item_form.html", item=item, row=row, form=form)


@bp.post("/<int:assessment_id>/items/<int:item_id>/remove")
@permission("assessment.record")
def item_remove(assessment_id: int, item_id: int):
    """Remove an item from the unit's test."""
    item = _item(assessment_id, item_id)
    row, before = item.assessment_unit, item.assessment_unit.assessment.status
    if ConfirmForm().validate_on_submit():
        try:
            ops.remove_item(item, me())
        except Refused as error:
            flash_refused(error)
        else:
            db.session.commit()
            flash(_("The item was removed."), "success")
            _results_again(row.assessment, before)
    return _items_page(row.assessment, row)
