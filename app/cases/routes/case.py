"""A case: its page and timeline, its stage, its coach and its details."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from app.cases import bp
from app.cases.forms import CaseDetailsForm, CloseForm, MoveForm, PauseForm, ReassignForm
from app.cases.models import Case
from app.cases.queries import shown_with_case
from app.cases.queries.timeline import case_timeline
from app.cases.routes import next_step
from app.cases.services import cases as ops
from app.cases.services import expect_version
from app.cases.services.summonses import summonses_of
from app.cases.workflow import Move, Stage
from app.db import today, utcnow
from app.permissions import login_required
from app.web import load, me, page_number, save, seen

TIMELINE_PER_PAGE = 50


def _case_url(case) -> str:
    return url_for("cases.case", case_id=case.id)


def _case_page(item, form, **extra):
    return render_template(
        "cases/case.html",
        case=item,
        moves=next_step.moves(item),
        form=form,
        timeline=case_timeline(item, me(), page_number(), TIMELINE_PER_PAGE),
        days_in_stage=(utcnow() - item.stage_entered_at).days,
        summonses=summonses_of(item),
        **extra,
    )


@bp.get("/<int:case_id>")
@login_required
def case(case_id: int):
    """The case page: stage, next steps and one timeline of everything that happened."""
    item = load(Case, case_id, "case.view", visible="case.view", options=shown_with_case())
    seen("case.viewed", item, participant_id=item.participant_id)
    return _case_page(item, MoveForm(version=item.version))


@bp.post("/<int:case_id>/move")
@login_required
def move(case_id: int):
    """Move the case to one of its next stages (or resume a paused case)."""
    item = load(Case, case_id, "case.edit", visible="case.view")
    form = MoveForm()
    target = form.to.data if form.to.data in {s.value for s in Stage} else None
    if not form.validate_on_submit() or target is None:
        return _case_page(item, form, move_error=target is None)

    def change():
        expect_version(item, form.version.data)
        ops.transition_case(item, Move(Stage(target), reason=form.reason.data or ""), me())

    return save(change, _("The case moved to a new stage."), _case_url(item))


def _versioned_page(case_id, form_class, template, change, success, *, obj=False, prepare=None):
    """A small page with one form that changes the case (pause, close, reassign, details)."""
    item = load(Case, case_id, "case.edit", visible="case.view")
    form = form_class(obj=item) if obj else form_class()
    if request.method == "GET":
        form.version.data = item.version
    if prepare is not None:
        prepare(item, form)
    if form.validate_on_submit():

        def run():
            expect_version(item, form.version.data)
            change(item, form)

        return save(run, success, _case_url(item))
    seen("case.viewed", item, participant_id=item.participant_id)
    return render_template(template, case=item, form=form)


@bp.route("/<int:case_id>/pause", methods=["GET", "POST"])
@login_required
def pause(case_id: int):
    """Pause the case with a reason and a planned return."""

    def change(item, form):
        move = Move(
            Stage.PAUSED,
            reason=form.reason.data,
            planned_return=form.planned_return.data,
            today=today(),
        )
        ops.transition_case(item, move, me())

    return _versioned_page(case_id, PauseForm, "cases/pause.html", change, _("The case is paused."))


@bp.route("/<int:case_id>/close", methods=["GET", "POST"])
@login_required
def close(case_id: int):
    """Close the case with its outcome and the labour-market status at exit."""

    def change(item, form):
        move = Move(
            Stage.CLOSED,
            reason=form.reason.data or "",
            outcome=form.outcome.data,
            exit_status=form.status_at_exit.data,
        )
        ops.transition_case(item, move, me())

    return _versioned_page(case_id, CloseForm, "cases/close.html", change, _("The case is closed."))


@bp.route("/<int:case_id>/details", methods=["GET", "POST"])
@login_required
def details(case_id: int):
    """Edit the case's goal and background."""

    def change(item, form):
        ops.update_case_details(
            item, goal=form.goal.data, background=form.background.data, actor=me()
        )

    return _versioned_page(
        case_id,
        CaseDetailsForm,
        "cases/details.html",
        change,
        _("The case was saved."),
        obj=True,
    )


@bp.route("/<int:case_id>/reassign", methods=["GET", "POST"])
@login_required
def reassign(case_id: int):
    """Give the case to another coach of the municipality."""
    coaches = {}

    def prepare(item, form):
        coaches.update(
            {c.id: c for c in ops.coaches_of(item.municipality_id) if c.id != item.coach_id}
        )
        form.coach.choices = [(c.id, c.name) for c in coaches.values()]

    def change(item, form):
        ops.reassign_case(item, coaches[form.coach.data], me(), form.reason.data)

    return _versioned_page(
        case_id,
        ReassignForm,
        "cases/reassign.html",
        change,
        _("The case was reassigned."),
        prepare=prepare,
    )
