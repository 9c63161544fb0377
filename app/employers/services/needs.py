"""Competence needs and the contact log."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from app.audit import record
from app.employers.models import CompetenceNeed, EmployerContact, NeedUnit, Placement
from app.employers.vocab import NeedStatus, Refusal
from app.extensions import db
from app.frameworks.models import Framework, Unit
from app.frameworks.vocab import FrameworkStatus
from app.refusals import Refused

NEED_FIELDS = (
    "title",
    "ssyk_code",
    "min_level",
    "positions",
    "starts_on",
    "form",
    "working_hours",
    "adaptations_offered",
    "description",
)

# The status a user may give a need: an open need closes, a closed or filled one reopens.
NEXT_STATUS = {
    NeedStatus.OPEN: NeedStatus.CLOSED,
    NeedStatus.CLOSED: NeedStatus.OPEN,
    NeedStatus.FILLED: NeedStatus.OPEN,
}


def published_units() -> list[Unit]:
    """Every unit of every published framework, by framework and position."""
    return list(
        db.session.scalars(
            sa.select(Unit)
            .join(Unit.framework)
            .options(contains_eager(Unit.framework))  # their labels name the framework
            .where(Framework.status == FrameworkStatus.PUBLISHED)
            .order_by(Framework.name, Framework.version, Unit.position)
        )
    )


def _set_units(need: CompetenceNeed, required: list[int], desired: list[int]) -> None:
    wanted = {uid: True for uid in required}
    wanted.update({uid: False for uid in desired if uid not in wanted})
    kept = {row.unit_id: row for row in need.units if row.unit_id in wanted}
    need.units = [
        kept.get(uid) or NeedUnit(unit_id=uid, is_required=is_required)
        for uid, is_required in wanted.items()
    ]
    for row in need.units:
        row.is_required = wanted[row.unit_id]


def save_need(need: CompetenceNeed, data: dict, actor) -> CompetenceNeed:
    """Create or update a need from validated values (`required`/`desired`: unit ids)."""
    for name in NEED_FIELDS:
        setattr(need, name, data[name])
    need.municipality_id = data["municipality_id"]
    if need.id is None:
        need.created_by = actor
        db.session.add(need)
    _set_units(need, data["required"], data["desired"])
    db.session.flush()
    record(
        "employers.need_saved",
        need,
        details={"required": data["required"], "desired": data["desired"]},
        user=actor,
    )
    return need


def set_need_status(need: CompetenceNeed, status: NeedStatus, actor) -> None:
    """Close or reopen a need."""
    before = need.status
    need.status = status
    db.session.flush()
    record(
        "employers.need_status",
        need,
        details={"from": before.value, "to": status.value},
        user=actor,
    )


def change_need_status(need: CompetenceNeed, wanted: str, actor) -> None:
    """Close an open need or reopen a closed or filled one: `wanted` is the status asked for."""
    target = NEXT_STATUS.get(need.status)
    if target is None or wanted != target.value:
        raise Refused(Refusal.NEED_STATUS)
    set_need_status(need, target, actor)


def filled_positions(need: CompetenceNeed) -> int:
    """Placements made for the need."""
    return db.session.scalar(
        sa.select(sa.func.count(Placement.id)).where(Placement.need_id == need.id)
    )


def refresh_filled(need: CompetenceNeed, actor) -> None:
    """An open need whose every position has a placement becomes filled."""
    if need.status is NeedStatus.OPEN and filled_positions(need) >= need.positions:
        set_need_status(need, NeedStatus.FILLED, actor)


def add_contact(employer, data: dict, actor) -> EmployerContact:
    """Write a contact with the employer into the log."""
    contact = EmployerContact(employer=employer, coach=actor, **data)
    db.session.add(contact)
    db.session.flush()
    record("employers.contact_logged", contact, details={"employer": employer.id}, user=actor)
    return contact
