"""The editor for a draft's units, learning outcomes and assessment criteria."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from app.frameworks import bp, services
from app.frameworks.forms import CriterionForm, OutcomeForm, UnitForm
from app.frameworks.labels import LEVEL_LABELS
from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit
from app.frameworks.routes.helpers import editor_url, framework_of, not_a_draft
from app.frameworks.vocab import Level
from app.permissions import permission
from app.web import load, save

UNIT_FIELDS = ("code", "title", "credits", "concept_ref")


def _unit_page(framework: Framework, unit: Unit | None, form: UnitForm):
    return render_template(
        "frameworks/unit_form.html",
        framework=framework,
        unit=unit,
        form=form,
        level_labels=LEVEL_LABELS,
    )


def _save_unit(framework: Framework, unit: Unit | None, form: UnitForm):
    fields = {key: form[key].data for key in UNIT_FIELDS}
    fields["concept_ref"] = fields["concept_ref"] or ""
    return save(
        lambda: services.save_unit(framework, unit, level=Level(form.level.data), **fields),
        _("The unit was saved."),
        lambda saved: url_for("frameworks.unit_edit", unit_id=saved.id),
        form=form,
    )


@bp.route("/<int:framework_id>/units/new", methods=["GET", "POST"])
@permission("framework.manage")
def unit_new(framework_id: int):
    """Add a unit to a draft."""
    framework = load(Framework, framework_id, "framework.manage")
    if (refusal := not_a_draft(framework)) is not None:
        return refusal
    form = UnitForm()
    if form.validate_on_submit() and (response := _save_unit(framework, None, form)):
        return response
    return _unit_page(framework, None, form)


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@permission("framework.manage")
def unit_edit(unit_id: int):
    """A draft's unit: its details, and its outcomes and criteria to edit and reorder."""
    unit = load(Unit, unit_id, "framework.manage", of=framework_of)
    if (refusal := not_a_draft(unit.framework)) is not None:
        return refusal
    form = UnitForm(obj=unit)
    if request.method == "GET":
        form.level.data = unit.level.value
    if form.validate_on_submit() and (response := _save_unit(unit.framework, unit, form)):
        return response
    return _unit_page(unit.framework, unit, form)


def _text_page(form, obj, parent, title: str):
    return render_template(
        "frameworks/text_form.html",
        form=form,
        framework=framework_of(parent),
        unit=parent if isinstance(parent, Unit) else parent.unit,
        obj=obj,
        title=title,
    )


def _edit_text(form, parent, obj, change, title: str):
    """Shared by outcomes and criteria: validate, save through `change`, go back to the unit."""
    if (refusal := not_a_draft(framework_of(parent))) is not None:
        return refusal
    if form.validate_on_submit():
        return save(
            lambda: change(parent, obj, form.text.data),
            _("Saved."),
            editor_url,
            back=editor_url(framework_of(parent)),
        )
    return _text_page(form, obj, parent, title)


@bp.route("/units/<int:unit_id>/outcomes/new", methods=["GET", "POST"])
@permission("framework.manage")
def outcome_new(unit_id: int):
    """Add a learning outcome to a unit."""
    unit = load(Unit, unit_id, "framework.manage", of=framework_of)
    return _edit_text(OutcomeForm(), unit, None, services.save_outcome, _("New learning outcome"))


@bp.route("/outcomes/<int:outcome_id>", methods=["GET", "POST"])
@permission("framework.manage")
def outcome_edit(outcome_id: int):
    """Change a learning outcome's text."""
    outcome = load(LearningOutcome, outcome_id, "framework.manage", of=framework_of)
    title = _("Learning outcome %(number)s", number=outcome.number)
    form = OutcomeForm(obj=outcome)
    return _edit_text(form, outcome.unit, outcome, services.save_outcome, title)


@bp.route("/outcomes/<int:outcome_id>/criteria/new", methods=["GET", "POST"])
@permission("framework.manage")
def criterion_new(outcome_id: int):
    """Add an assessment criterion to a learning outcome."""
    outcome = load(LearningOutcome, outcome_id, "framework.manage", of=framework_of)
    title = _("New assessment criterion for outcome %(number)s", number=outcome.number)
    return _edit_text(CriterionForm(), outcome, None, services.save_criterion, title)


@bp.route("/criteria/<int:criterion_id>", methods=["GET", "POST"])
@permission("framework.manage")
def criterion_edit(criterion_id: int):
    """Change an assessment criterion's text."""
    criterion = load(AssessmentCriterion, criterion_id, "framework.manage", of=framework_of)
    title = _("Assessment criterion %(number)s", number=criterion.number)
    form = CriterionForm(obj=criterion)
    return _edit_text(form, criterion.outcome, criterion, services.save_criterion, title)


KINDS = {"units": Unit, "outcomes": LearningOutcome, "criteria": AssessmentCriterion}


COLLECTIONS = {Unit: "units", LearningOutcome: "outcomes", AssessmentCriterion: "criteria"}


def _parent(obj):
    if isinstance(obj, Unit):
        return obj.framework
    return obj.unit if isinstance(obj, LearningOutcome) else obj.outcome


@bp.post("/<any(units, outcomes, criteria):kind>/<int:item_id>/move")
@permission("framework.manage")
def move(kind: str, item_id: int):
    """Move a unit, outcome or criterion one place up or down."""
    obj = load(KINDS[kind], item_id, "framework.manage", of=framework_of)
    if (refusal := not_a_draft(framework_of(obj))) is not None:
        return refusal
    step = -1 if request.form.get("direction") == "up" else 1
    return save(
        lambda: services.move_item(_parent(obj), COLLECTIONS[type(obj)], obj, step),
        _("The order was changed."),
        editor_url(_parent(obj) if isinstance(obj, Unit) else obj),
        back=editor_url(framework_of(obj)),
    )


REMOVERS = {
    Unit: services.remove_unit,
    LearningOutcome: services.remove_outcome,
    AssessmentCriterion: services.remove_criterion,
}


@bp.post("/<any(units, outcomes, criteria):kind>/<int:item_id>/remove")
@permission("framework.manage")
def remove(kind: str, item_id: int):
    """Remove a unit, outcome or criterion (and what it contains) from a draft."""
    obj = load(KINDS[kind], item_id, "framework.manage", of=framework_of)
    if (refusal := not_a_draft(framework_of(obj))) is not None:
        return refusal
    return save(lambda: REMOVERS[type(obj)](obj), _("Removed."), editor_url(_parent(obj)))
