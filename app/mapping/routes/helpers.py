"""Loading, access and page context shared by the mapping views."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from app.cases.access import shows_identity
from app.cases.models import Case
from app.extensions import db
from app.frameworks.labels import LEVEL_LABELS
from app.frameworks.routes.helpers import get_or_404
from app.mapping import labels
from app.mapping.models import Evidence, Mapping
from app.permissions import can, require


def load_case(case_id: int) -> Case:
    """The case in the URL, if the user may see its mapping (404 otherwise)."""
    case = get_or_404(Case, case_id)
    require("mapping.view", case)
    return case


def load_mapping(mapping_id: int) -> Mapping:
    """The mapping in the URL, if the user may see it (404 otherwise)."""
    mapping = get_or_404(Mapping, mapping_id)
    require("mapping.view", mapping)
    return mapping


def load_evidence(evidence_id: int) -> Evidence:
    """The evidence in the URL, if the user may see the case (404 otherwise)."""
    evidence = get_or_404(Evidence, evidence_id)
    require("mapping.view", evidence)
    return evidence


def require_edit(obj) -> None:
    """Only the assigned coach changes a mapping; colleagues who may read it get 403."""
    if not can(current_user, "mapping.edit", obj):
        abort(403)


def unit_of(mapping: Mapping, unit_id: int):
    """A unit of the mapping's framework version, or 404."""
    unit = next((u for u in mapping.framework.units if u.id == unit_id), None)
    if unit is None:
        abort(404)
    return unit


def page(case: Case, **context) -> dict:
    """What every mapping page shows about the case and needs for its words."""
    participant = case.participant
    return {
        "case": case,
        "participant_name": participant.full_name
        if shows_identity(current_user, participant)
        else None,
        "labels": labels,
        "level_labels": LEVEL_LABELS,
        "may_edit": can(current_user, "mapping.edit", case),
        **context,
    }


def refused(error, target: str):
    """Say why the rule refused, and go back."""
    db.session.rollback()
    flash(str(labels.ERRORS[error.kind]), "error")
    return redirect(target)


def to_mapping(mapping: Mapping, anchor: str | None = None):
    return redirect(url_for("mapping.show", mapping_id=mapping.id, _anchor=anchor))
