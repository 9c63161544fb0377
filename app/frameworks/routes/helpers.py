"""Loading and refusing, shared by the framework views."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from app.extensions import db, get_or_none
from app.frameworks.labels import ERRORS, problem_text
from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit
from app.frameworks.services import FrameworkError
from app.permissions import require


def get_or_404(model, ident: int):
    """The object with this id, or 404 (also for ids no integer column can hold)."""
    obj = get_or_none(model, ident)
    if obj is None:
        abort(404)
    return obj


def load(model, ident: int, action: str = "framework.manage"):
    """The framework, unit, outcome or criterion named in the URL, checked for `action`."""
    obj = get_or_404(model, ident)
    framework = obj if isinstance(obj, Framework) else obj.framework
    require(action, framework)
    return obj


def framework_of(obj) -> Framework:
    return obj if isinstance(obj, Framework) else obj.framework


def refused(error: FrameworkError, framework: Framework):
    """Tell the user why, and go back to the framework."""
    target = url_for("frameworks.show", framework_id=framework.id)
    db.session.rollback()
    flash(str(ERRORS[error.kind]), "error")
    for problem in error.problems:
        flash(problem_text(problem), "error")
    return redirect(target)


def back_to(obj):
    """The page that shows `obj` in the editor."""
    if isinstance(obj, Framework):
        return redirect(url_for("frameworks.show", framework_id=obj.id))
    if isinstance(obj, Unit):
        return redirect(url_for("frameworks.unit_edit", unit_id=obj.id))
    if isinstance(obj, LearningOutcome):
        return redirect(url_for("frameworks.unit_edit", unit_id=obj.unit_id, _anchor=f"o{obj.id}"))
    if isinstance(obj, AssessmentCriterion):
        return redirect(
            url_for(
                "frameworks.unit_edit", unit_id=obj.outcome.unit_id, _anchor=f"o{obj.outcome_id}"
            )
        )
    abort(404)


def not_a_draft(framework: Framework):
    """A published or retired version is read-only: say so instead of showing an editor."""
    if framework.is_draft:
        return None
    flash(_("This version is published and can no longer be changed."), "error")
    return redirect(url_for("frameworks.show", framework_id=framework.id))
