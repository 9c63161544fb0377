"""Where the framework views go: the framework behind an item, the editor page of an item."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit


def framework_of(obj) -> Framework:
    """The framework a unit, outcome or criterion belongs to (a framework is its own)."""
    return obj if isinstance(obj, Framework) else obj.framework


def editor_url(obj) -> str:
    """The page that shows `obj` in the editor."""
    if isinstance(obj, Framework):
        return url_for("frameworks.show", framework_id=obj.id)
    if isinstance(obj, Unit):
        return url_for("frameworks.unit_edit", unit_id=obj.id)
    if isinstance(obj, LearningOutcome):
        return url_for("frameworks.unit_edit", unit_id=obj.unit_id, _anchor=f"o{obj.id}")
    if isinstance(obj, AssessmentCriterion):
        outcome = obj.outcome
        return url_for("frameworks.unit_edit", unit_id=outcome.unit_id, _anchor=f"o{outcome.id}")
    raise TypeError(f"not part of a framework: {obj!r}")


def not_a_draft(framework: Framework):
    """A published or retired version is read-only: say so instead of showing an editor."""
    if framework.is_draft:
        return None
    flash(_("This version is published and can no longer be changed."), "error")
    return redirect(url_for("frameworks.show", framework_id=framework.id))
