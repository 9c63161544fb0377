"""Recording results, deciding units, and signing the recommendation for award of credit."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.assessments import bp, labels
from app.assessments.forms import ConfirmForm, DecisionForm, read_results, results_form
from app.assessments.models import Assessment
from app.assessments.routes.helpers import attach, flash_refused, load, viewed
from app.assessments.rules import Refused
from app.assessments.services import decisions as ops
from app.assessments.services import planning, recording
from app.assessments.services.verification import sign_recommendation
from app.assessments.vocab import AssessmentKind
from app.cases.models import Case
from app.extensions import db
from app.frameworks.models import Unit
from app.permissions import permission
from app.web import me


def _to(assessment):
    return redirect(url_for("assessments.show", assessment_id=assessment.id))


def _prefill(form, assessment) -> None:
    for result in assessment.results:
        if f"criterion-{result.criterion_id}" in form:
            form[f"criterion-{result.criterion_id}"].data = result.result.value
        if f"comment-{result.criterion_id}" in form:
            form[f"comment-{result.criterion_id}"].data = result.comment
    for row in assessment.units:
        if f"pass-{row.unit_id}" in form:
            form[f"pass-{row.unit_id}"].data = row.pass_mark
        if f"score-{row.unit_id}" in form:
            form[f"score-{row.unit_id}"].data = row.score
            form[f"max-{row.unit_id}"].data = row.max_score
        for item in row.items:
            if f"item-{item.id}" in form:
                form[f"item-{item.id}"].data = item.score


def _attach_problems(form, problems) -> None:
    """The rules' reasons at their fields, unless the field already says what is wrong."""
    for key, refusals in problems.items():
        target = form[key] if key in form else form[f"score-{key.split('-')[1]}"]
        if not target.errors:
            target.errors = list(target.errors) + labels.refusal_texts(refusals)


@bp.route("/<int:assessment_id>/results", methods=["GET", "POST"])
@permission("assessment.record")
def results(assessment_id: int):
    """Record met / not yet met per criterion and, for a test, the score per unit."""
    assessment = load(Assessment, assessment_id, "assessment.record")
    if recording.is_locked(assessment):
        flash(labels.REFUSALS[labels.Refusal.ASSESSMENT_CLOSED], "error")
        return _to(assessment)
    theoretical = assessment.kind is AssessmentKind.THEORETICAL
    form = results_form(assessment, theoretical)()
    if form.is_submitted():
        valid = form.validate()
        entered = read_results(form, assessment)
        problems = recording.problems(assessment, entered)
        _attach_problems(form, problems)
        if valid and not problems and not form.errors:
            try:
                recording.record_results(assessment, entered, me())
            except Refused as error:
                flash_refused(error)
                return _to(assessment)
            db.session.commit()
            flash(_("The results were saved."), "success")
            return _to(assessment)
    else:
        _prefill(form, assessment)
    viewed(assessment, assessment.case.participant_id, "assessment.viewed")
    return render_template(
        "assessments/results.html",
        assessment=assessment,
        form=form,
        adaptations=planning.assessment_adaptations(assessment.case),
    )


@bp.route("/<int:assessment_id>/units/<int:unit_id>/decision", methods=["GET", "POST"])
@permission("assessment.decide")
def decide(assessment_id: int, unit_id: int):
    """The assessor's decision on one unit, starting from what the results propose."""
    assessment = load(Assessment, assessment_id, "assessment.decide")
    unit = db.get_or_404(Unit, unit_id)
    if assessment.unit_row(unit.id) is None:
        return render_template("errors/error.html", status=404), 404
    form = DecisionForm()
    proposal = ops.proposal_for(assessment.case_id, unit)
    if form.validate_on_submit():
        try:
            ops.decide_unit(assessment, unit, form.outcome.data, form.justification.data, me())
        except Refused as error:
            db.session.rollback()
            attach(form.outcome, error)
        else:
            db.session.commit()
            flash(_("The decision was confirmed."), "success")
            return _to(assessment)
    elif not form.is_submitted():
        form.outcome.data = proposal.outcome.value
    viewed(assessment, assessment.case.participant_id, "assessment.viewed")
    return render_template(
        "assessments/decide.html", assessment=assessment, unit=unit, form=form, proposal=proposal
    )


@bp.route("/cases/<int:case_id>/recommendation", methods=["GET", "POST"])
@permission("assessment.sign")
def sign(case_id: int):
    """Sign the recommendation for award of credit: the units proposed for certification."""
    case = load(Case, case_id, "assessment.sign")
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            sign_recommendation(case, me())
        except Refused as error:
            flash_refused(error)
        else:
            db.session.commit()
            flash(
                _("You signed the recommendation; the decisions went to verification."), "success"
            )
            return redirect(url_for("assessments.index"))
    decisions = ops.confirmed_for_signature(case, me())
    viewed(case, case.participant_id, "assessment.case_viewed")
    return render_template("assessments/sign.html", case=case, decisions=decisions, form=form)
