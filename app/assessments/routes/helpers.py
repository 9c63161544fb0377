"""What every view of the assessments area does the same way: load in scope, report refusals."""

from __future__ import annotations

from flask import abort, flash
from flask_login import current_user

from app.assessments import labels
from app.assessments.rules import Refused
from app.audit import record
from app.extensions import db
from app.permissions import can


def load(model, object_id: int, action: str, *, view_action: str | None = None):
    """The object, or 404 when absent or outside the user's scope for `action`.

    With `view_action`, those who may see the object but not act on it get 403 instead.
    """
    obj = db.session.get(model, object_id)
    if obj is None or not can(current_user, view_action or action, obj):
        abort(404)
    if not can(current_user, action, obj):
        abort(403)
    return obj


def viewed(obj, participant_id: int | None, action: str) -> None:
    """Log a read of a participant's data and commit the log line."""
    record(action, obj, participant_id=participant_id)
    db.session.commit()


def flash_refused(error: Refused) -> None:
    """Each reason the rules gave, as an error message."""
    db.session.rollback()
    for text in labels.refusal_texts(error.refusals):
        flash(text, "error")


def attach(field, error: Refused) -> None:
    """The rules' reasons as errors at a form field."""
    field.errors = list(field.errors) + labels.refusal_texts(error.refusals)
