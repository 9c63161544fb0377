"""Recording results, deciding units, and signing the recommendation for award of credit."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from app.assessments import bp, rules
from app.assessments.forms import ConfirmForm, DecisionForm, read_results, results_form
from app.assessments.models import Assessment
from app.assessments.routes.helpers import assessment_url, closed, show_problems
from app.assessments.services import decisions as ops
from app.assessments.services import planning, recording
from app.assessments.services.verification import sign_recommendation
from app.assessments.vocab import AssessmentKind
from app.cases.models import Case
from app.db import today
from app.permissions import permission
from app.web import load, me, save, seen


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


def _at_fields(form, problems: dict) -> dict:
    """The problems by the field that shows them (a unit's score for `unit-<id>`), leaving out
    fields that already say what is wrong."""
    shown = {}
    for key, refusals in problems.items():
        name = key if key in form else f"score-{key.split('-')[1]}"
        if not form[name].errors:
            shown[name] = refusals
    return shown


def _entered(form, assessment) -> recording.Results | None:
    """The results sent, when the form and the rules accept them; else None, with the reasons
    at their fields."""
    valid = form.validate()
    entered = read_results(form, assessment)
    problems = recording.problems(assessment, entered)
    show_problems(form, _at_fields(form, problems))
    return entered if valid and not problems and not form.errors else None


def _results_page(assessment, form):
    seen("assessment.viewed", assessment, participant_id=assessment.case.participant_id)
    return render_template(
        "assessments/results.html",
        assessment=assessment,
        form=form,
        adaptations=planning.assessment_adaptations(assessment.case),
        not_held_yet=bool(rules.held_refusals(assessment.scheduled_on, today())),
    )


@bp.route("/<int:assessment_id>/results", methods=["GET", "POST"])
@permission("assessment.record")
def results(assessment_id: int):
    """Record met / not yet met per criterion and, for a test, the score per unit."""
    assessment = load(Assessment, assessment_id, "assessment.record")
    if recording.is_locked(assessment):
        return closed(assessment)
    form = results_form(assessment, assessment.kind is AssessmentKind.THEORETICAL)()
    if not form.is_submitted():
        _prefill(form, assessment)
    elif (entered := _entered(form, assessment)) is not None and (
        done := save(
            lambda: recording.record_results(assessment, entered, me()),
            _("The results were saved."),
            assessment_url(assessment),
            form=form,
        )
    ):
        return done
    return _results_page(assessment, form)


def _assessed_unit(assessment, unit_id: int):
    """The unit, when it is one the assessment assesses (404 for any other)."""
    row = assessment.unit_row(unit_id)
    if row is None:
        abort(404)
    return row.unit


def _decide_page(assessment, unit, form):
    proposal = ops.proposal_for(assessment.case_id, unit)
    if not form.is_submitted():
        form.outcome.data = proposal.outcome.value
    seen("assessment.viewed", assessment, participant_id=assessment.case.participant_id)
    return render_template(
        "assessments/decide.html", assessment=assessment, unit=unit, form=form, proposal=proposal
    )


@bp.route("/<int:assessment_id>/units/<int:unit_id>/decision", methods=["GET", "POST"])
@permission("assessment.decide")
def decide(assessment_id: int, unit_id: int):
    """The assessor's decision on one unit, starting from what the results propose."""
    assessment = load(Assessment, assessment_id, "assessment.decide")
    unit = _assessed_unit(assessment, unit_id)
    form = DecisionForm()
    done = form.validate_on_submit() and save(
        lambda: ops.decide_unit(assessment, unit, form.outcome.data, form.justification.data, me()),
        _("The decision was confirmed."),
        assessment_url(assessment),
        form=form,
    )
    return done or _decide_page(assessment, unit, form)


def _sign_page(case, form):
    decisions = ops.confirmed_for_signature(case, me())
    seen("assessment.case_viewed", case, participant_id=case.participant_id)
    return render_template("assessments/sign.html", case=case, decisions=decisions, form=form)


@bp.route("/cases/<int:case_id>/recommendation", methods=["GET", "POST"])
@permission("assessment.sign")
def sign(case_id: int):
    """Sign the recommendation for award of credit: the units proposed for certification."""
    case = load(Case, case_id, "assessment.sign")
    form = ConfirmForm()
    done = form.validate_on_submit() and save(
        lambda: sign_recommendation(case, me()),
        _("You signed the recommendation; the decisions went to verification."),
        url_for("assessments.index"),
        form=form,
    )
    return done or _sign_page(case, form)
