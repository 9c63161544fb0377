"""A decision's page, internal verification, revisions, corrections and training."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from app.assessments import bp, queries
from app.assessments.forms import ConfirmForm, ReplaceForm, ReturnForm, TrainingForm
from app.assessments.models import UnitDecision
from app.assessments.services import decisions as ops
from app.assessments.services.external import reports_for
from app.assessments.services.training import plan_training, training_refusals
from app.assessments.services.verification import return_decision, verify_decision
from app.assessments.vocab import AssessmentStatus
from app.cases.labels import REFUSALS as CASE_REFUSALS
from app.cases.models import Case
from app.extensions import db
from app.permissions import permission
from app.web import load, me, save, seen, seen_many


def _url(decision) -> str:
    return url_for("assessments.decision", decision_id=decision.id)


def _decision_page(decision, return_form=None, status=200):
    return (
        render_template(
            "assessments/decision.html",
            decision=decision,
            proposal=ops.proposal_for(decision.case_id, decision.unit),
            unit=decision.unit,
            attempts=[
                a
                for a in queries.case_assessments(decision.case_id)
                if a.unit_row(decision.unit_id) and a.status is not AssessmentStatus.CANCELLED
            ],
            verify_form=ConfirmForm(),
            return_form=return_form or ReturnForm(formdata=None),
        ),
        status,
    )


@bp.get("/decisions/<int:decision_id>")
@permission("decision.view")
def decision(decision_id: int):
    """A decision with the results behind it and its history."""
    item = load(UnitDecision, decision_id, "decision.view")
    seen("decision.viewed", item, participant_id=item.case.participant_id)
    return _decision_page(item)


@bp.post("/decisions/<int:decision_id>/verify")
@permission("decision.verify")
def verify(decision_id: int):
    """Approve a decision made by another assessor."""
    item = load(UnitDecision, decision_id, "decision.verify", visible="decision.view")
    if not ConfirmForm().validate_on_submit():
        return redirect(_url(item))
    return save(lambda: verify_decision(item, me()), _("The decision was verified."), _url(item))


@bp.post("/decisions/<int:decision_id>/return")
@permission("decision.verify")
def return_to_assessor(decision_id: int):
    """Send a decision back to its assessor with comments."""
    item = load(UnitDecision, decision_id, "decision.verify", visible="decision.view")
    form = ReturnForm()
    if not form.validate_on_submit():
        return _decision_page(item, form)
    return save(
        lambda: return_decision(item, form.comment.data, me()),
        _("The decision was returned to the assessor."),
        _url(item),
    )


def _replace(decision_id: int, change, template: str, success: str):
    """The page and form that replace a decision with a new one (`change`), refused at the
    outcome."""
    item = load(UnitDecision, decision_id, "decision.revise")
    form = ReplaceForm()
    done = form.validate_on_submit() and save(
        lambda: change(item, form.outcome.data, form.justification.data, form.reason.data, me()),
        success,
        _url,
        form=form,
    )
    if done:
        return done
    if not form.is_submitted():
        form.outcome.data = item.outcome.value
    proposal = ops.proposal_for(item.case_id, item.unit)
    return render_template(template, decision=item, form=form, proposal=proposal)


@bp.route("/decisions/<int:decision_id>/revise", methods=["GET", "POST"])
@permission("decision.revise")
def revise(decision_id: int):
    """Answer a returned decision with a new one."""
    done = _("The new decision was confirmed; sign it to send it to verification again.")
    return _replace(decision_id, ops.revise_decision, "assessments/revise.html", done)


@bp.route("/decisions/<int:decision_id>/correct", methods=["GET", "POST"])
@permission("decision.revise")
def correct(decision_id: int):
    """Correct a verified decision with a new one that references it."""
    done = _("The correction was confirmed; sign it to send it to verification.")
    return _replace(decision_id, ops.correct_decision, "assessments/correct.html", done)


QUEUE_PER_PAGE = 50


@bp.get("/verification")
@permission("decision.queue")
def queue():
    """Decisions of the verifier's municipality waiting for verification."""
    user = me()
    page = db.paginate(
        queries.verification_queue(user.municipality_id), per_page=QUEUE_PER_PAGE, error_out=False
    )
    seen_many("decision.queue_viewed", None, [d.case.participant_id for d in page.items])
    return render_template(
        "assessments/queue.html", page=page, reports=reports_for(user.municipality_id)
    )


def _training_page(case, form, blocked):
    seen("assessment.case_viewed", case, participant_id=case.participant_id)
    return render_template("assessments/training.html", case=case, form=form, blocked=blocked)


@bp.route("/cases/<int:case_id>/training", methods=["GET", "POST"])
@permission("assessment.train")
def training(case_id: int):
    """Complementary training in the development plan after a unit not yet achieved."""
    case = load(Case, case_id, "assessment.train", visible="assessment.case")
    form = TrainingForm()
    blocked = [CASE_REFUSALS[r] for r in training_refusals(case)]
    done = form.validate_on_submit() and save(
        lambda: plan_training(case, form.data, me(), move_case=form.move_case.data and not blocked),
        _("The training was added to the development plan."),
        url_for("assessments.case_overview", case_id=case.id),
        form=form,
    )
    return done or _training_page(case, form, blocked)
