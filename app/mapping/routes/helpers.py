"""Page context and addresses shared by the mapping views."""

from __future__ import annotations

from flask import abort, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from app.cases.access import shows_identity
from app.cases.models import Case
from app.cases.queries import with_header
from app.frameworks.labels import LEVEL_LABELS
from app.frameworks.models import Framework, Unit
from app.mapping import labels
from app.mapping.models import Mapping
from app.permissions import can


def unit_of(mapping: Mapping, unit_id: int):
    """A unit of the mapping's framework version, or 404."""
    unit = next((u for u in mapping.framework.units if u.id == unit_id), None)
    if unit is None:
        abort(404)
    return unit


def whole() -> tuple:
    """Loader options for a page showing the whole mapping: the case under its header, the
    framework's units with their outcomes, what was recorded and the evidence, in a few
    statements however many units the framework has (lazily, one statement per unit)."""
    return (
        joinedload(Mapping.case).options(*with_header()),
        joinedload(Mapping.framework).selectinload(Framework.units).selectinload(Unit.outcomes),
        selectinload(Mapping.entries),
        selectinload(Mapping.evidence),
    )


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


def read_of(case: Case) -> dict:
    """Whose data a read of the case's mapping shows, for its line in the audit log (`seen`)."""
    return {"participant_id": case.participant_id, "details": {"case": case.id}}


def mapping_url(mapping: Mapping, anchor: str | None = None) -> str:
    """The mapping's page (at `anchor`)."""
    return url_for("mapping.show", mapping_id=mapping.id, _anchor=anchor)
