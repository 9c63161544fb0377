"""What every view of the cases area does the same way: load in scope, save or report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from app.audit import record
from app.cases import bp, labels
from app.cases.access import is_assigned_coach, shows_identity
from app.cases.forms import DecisionForm
from app.cases.models import Case, Participant
from app.cases.services import EditConflict
from app.cases.workflow import TransitionRefused
from app.extensions import db, get_or_none
from app.permissions import can
from app.web import me

PROTECTED = _l("Protected identity")
CONFLICT = _l(
    "Someone else saved this case after you opened the page, so your change was not saved. "
    "The page now shows the saved version: check it and make your change again."
)


def load(model, object_id: int, action: str, *, view_action: str | None = None):
    """The object, or 404 when absent or not visible to the user; 403 when visible only."""
    obj = get_or_none(model, object_id)
    if obj is None or not can(current_user, view_action or action, obj):
        abort(404)
    if not can(current_user, action, obj):
        abort(403)
    return obj


def load_case(case_id: int, action: str = "case.view") -> Case:
    """The case the URL names, in the user's scope (404 for anyone who may not see it)."""
    return load(Case, case_id, action, view_action="case.view")


def load_participant(participant_id: int, action: str = "participant.view") -> Participant:
    """The participant the URL names, in the user's scope."""
    return load(Participant, participant_id, action, view_action="participant.view")


def viewed(obj: Any, participant_id: int, action: str) -> None:
    """Log a read of a participant's data and commit the log line."""
    record(action, obj, participant_id=participant_id)
    db.session.commit()


def save(change: Callable[[], Any], success: str) -> bool:
    """Run one service call and commit; report a concurrent edit or a refused move instead."""
    try:
        change()
        db.session.commit()
    except (EditConflict, StaleDataError):
        db.session.rollback()
        flash(str(CONFLICT), "error")
        return False
    except TransitionRefused as refused:
        show_refusals(refused)
        return False
    flash(success, "success")
    return True


def show_refusals(refused: TransitionRefused) -> None:
    """Roll back and show why the workflow refused the move."""
    db.session.rollback()
    for reason in refused.refusals:
        flash(str(labels.REFUSALS[reason]), "error")


def decide(
    item: Any,
    operation: Callable,
    success: str,
    *,
    decided: type[Exception],
    on_decided: Callable,
    page: str,
    **context: Any,
):
    """Reject or return a referral or transfer with the reason the user gave, then go to the inbox.

    The page again while the reason is missing; `on_decided()` when someone decided first.
    """
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_template(page, form=form, **context)
    try:
        operation(item, me(), form.reason.data)
        db.session.commit()
    except (decided, StaleDataError):
        return on_decided()
    flash(success, "success")
    return redirect(url_for("cases.inbox"))


def participant_name(participant: Participant) -> str:
    """The name, or a placeholder under protected identity unless the user is the coach."""
    if shows_identity(current_user, participant):
        return participant.full_name
    return str(PROTECTED)


@bp.context_processor
def _helpers() -> dict:
    return {
        "labels": labels,
        "participant_name": participant_name,
        "shows_identity": lambda p: shows_identity(current_user, p),
        "is_assigned_coach": lambda p: is_assigned_coach(current_user, p),
    }
