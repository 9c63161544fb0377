"""Journal, development plan with follow-ups, and adaptations of a case."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth.models import User
from app.cases import bp
from app.cases.access import can_edit_case, can_read_journal
from app.cases.forms import (
    ActivityForm,
    AdaptationForm,
    FollowUpForm,
    GoalForm,
    JournalForm,
    StatusForm,
)
from app.cases.models import Adaptation, Case, FollowUp, JournalEntry, PlanActivity, PlanGoal
from app.cases.queries import with_header
from app.cases.services import work as ops
from app.db import today
from app.extensions import counted_page, db, get_or_none
from app.permissions import login_required, permission
from app.web import load, me, save, seen


def _of_case(model, case, object_id: int):
    """A row that belongs to this case, or 404."""
    obj = get_or_none(model, object_id)
    if obj is None or obj.case_id != case.id:
        abort(404)
    return obj


def _plan_url(case) -> str:
    return url_for("cases.plan", case_id=case.id)


def _adaptations_url(case) -> str:
    return url_for("cases.adaptations", case_id=case.id)


def _rows(model, case, *order):
    return list(
        db.session.scalars(sa.select(model).where(model.case_id == case.id).order_by(*order))
    )


# Journal -------------------------------------------------------------------------------------


JOURNAL_PER_PAGE = 50


def _journal_page(case, form):
    # A case followed for years has thousands of entries: one page of them at a time, newest
    # first, read through the index journal_entries_case_day with their authors.
    # The page's entries with their authors' names and how many there are: one statement.
    query = (
        sa.select(JournalEntry, User.name)
        .outerjoin(User, User.id == JournalEntry.author_id)
        .where(JournalEntry.case_id == case.id)
        .order_by(JournalEntry.occurred_on.desc(), JournalEntry.id.desc())
    )
    page = counted_page(query, per_page=JOURNAL_PER_PAGE)
    return render_template("cases/journal.html", case=case, page=page, form=form)


@bp.get("/<int:case_id>/journal")
@permission("case.journal")
def journal(case_id: int):
    """The case's journal; only the municipality's coaches read it."""
    item = load(Case, case_id, "case.journal", visible="case.view", options=with_header())
    seen("case.journal_viewed", item, participant_id=item.participant_id)
    return _journal_page(item, JournalForm(occurred_on=today()))


@bp.post("/<int:case_id>/journal")
@permission("case.journal_write")
def journal_add(case_id: int):
    """Add a journal entry."""
    item = load(Case, case_id, "case.journal_write", visible="case.view")
    form = JournalForm()
    if not form.validate_on_submit():
        return _journal_page(item, form)
    return save(
        lambda: ops.add_journal_entry(item, form.data, me()),
        _("The entry was added."),
        url_for("cases.journal", case_id=item.id),
    )


# Development plan ----------------------------------------------------------------------------


def _plan_page(case, **forms):
    defaults = {
        "goal_form": GoalForm(formdata=None),
        "activity_form": ActivityForm(formdata=None),
        "follow_up_form": FollowUpForm(formdata=None),
    }
    return render_template(
        "cases/plan.html",
        case=case,
        goals=_rows(PlanGoal, case, PlanGoal.id),
        activities=_rows(PlanActivity, case, PlanActivity.id),
        follow_ups=_rows(FollowUp, case, FollowUp.due_on, FollowUp.id),
        status_form=StatusForm(formdata=None),
        today=today(),
        **{**defaults, **forms},
    )


@bp.get("/<int:case_id>/plan")
@login_required
def plan(case_id: int):
    """The individual development plan: goals, activities and follow-ups."""
    item = load(Case, case_id, "case.view", visible="case.view")
    seen("case.plan_viewed", item, participant_id=item.participant_id)
    return _plan_page(item)


def _plan_add(case_id: int, form_class, form_name: str, operation, message: str):
    item = load(Case, case_id, "case.edit", visible="case.view")
    form = form_class()
    if not form.validate_on_submit():
        return _plan_page(item, **{form_name: form})
    return save(lambda: operation(item, form.data, me()), message, _plan_url(item))


@bp.post("/<int:case_id>/plan/goals")
@login_required
def goal_add(case_id: int):
    """Add a goal to the plan."""
    return _plan_add(case_id, GoalForm, "goal_form", ops.add_goal, _("The goal was added."))


@bp.post("/<int:case_id>/plan/activities")
@login_required
def activity_add(case_id: int):
    """Add an activity to the plan."""
    return _plan_add(
        case_id, ActivityForm, "activity_form", ops.add_activity, _("The activity was added.")
    )


@bp.post("/<int:case_id>/plan/follow-ups")
@login_required
def follow_up_add(case_id: int):
    """Agree on a follow-up date."""
    return _plan_add(
        case_id, FollowUpForm, "follow_up_form", ops.add_follow_up, _("The follow-up was added.")
    )


def _set_status(case_id: int, model, object_id: int):
    item = load(Case, case_id, "case.edit", visible="case.view")
    row = _of_case(model, item, object_id)
    form = StatusForm()
    if form.validate_on_submit():
        return save(
            lambda: ops.set_plan_status(row, form.status.data, me()),
            _("The status was saved."),
            _plan_url(item),
        )
    flash(_("Choose one of the statuses in the list."), "error")
    return redirect(_plan_url(item))


@bp.post("/<int:case_id>/plan/goals/<int:goal_id>/status")
@login_required
def goal_status(case_id: int, goal_id: int):
    """Change a goal's status."""
    return _set_status(case_id, PlanGoal, goal_id)


@bp.post("/<int:case_id>/plan/activities/<int:activity_id>/status")
@login_required
def activity_status(case_id: int, activity_id: int):
    """Change an activity's status."""
    return _set_status(case_id, PlanActivity, activity_id)


@bp.post("/<int:case_id>/plan/follow-ups/<int:follow_up_id>/done")
@login_required
def follow_up_done(case_id: int, follow_up_id: int):
    """Mark a follow-up as done."""
    item = load(Case, case_id, "case.edit", visible="case.view")
    row = _of_case(FollowUp, item, follow_up_id)
    return save(
        lambda: ops.complete_follow_up(row, me()), _("The follow-up is done."), _plan_url(item)
    )


# Adaptations ---------------------------------------------------------------------------------


def _adaptations_page(case, form):
    rows = _rows(Adaptation, case, Adaptation.id)
    if not can_read_journal(me(), case) and not can_edit_case(me(), case):
        # Other viewers (assessors) see only what concerns the assessment.
        rows = [row for row in rows if row.concerns_assessment]
    return render_template("cases/adaptations.html", case=case, adaptations=rows, form=form)


@bp.get("/<int:case_id>/adaptations")
@login_required
def adaptations(case_id: int):
    """Needs and agreed adaptations."""
    item = load(Case, case_id, "case.view", visible="case.view")
    seen("case.adaptations_viewed", item, participant_id=item.participant_id)
    return _adaptations_page(item, AdaptationForm(formdata=None))


@bp.post("/<int:case_id>/adaptations")
@login_required
def adaptation_add(case_id: int):
    """Record a need and the agreed adaptation."""
    item = load(Case, case_id, "case.edit", visible="case.view")
    form = AdaptationForm()
    if not form.validate_on_submit():
        return _adaptations_page(item, form)
    return save(
        lambda: ops.add_adaptation(item, form.data, me()),
        _("The adaptation was added."),
        _adaptations_url(item),
    )


@bp.post("/<int:case_id>/adaptations/<int:adaptation_id>/remove")
@login_required
def adaptation_remove(case_id: int, adaptation_id: int):
    """Remove an adaptation that no longer applies."""
    item = load(Case, case_id, "case.edit", visible="case.view")
    row = _of_case(Adaptation, item, adaptation_id)
    return save(
        lambda: ops.remove_adaptation(row, me()),
        _("The adaptation was removed."),
        _adaptations_url(item),
    )
