"""Operations on participants and their consents."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.audit import record
from app.cases.models import ConsentEvent, Participant
from app.cases.personal_numbers import PersonalNumber
from app.cases.services import flush_first
from app.cases.vocab import ConsentKind
from app.cases.workflow import Refusal
from app.extensions import db
from app.notifications import Kind, notify

# The fields of the participant form that are stored as they are (after trimming).
DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "address",
    "postal_code",
    "city",
    "phone",
    "email",
    "preferred_language",
    "needs_interpreter",
    "languages",
    "gender",
    "education",
    "status_at_entry",
    "foreign_background",
    "third_country_national",
    "has_disability",
    "has_driving_licence",
    "is_protected",
)


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def apply_details(participant: Participant, data: dict) -> None:
    """Copy the known detail fields present in `data` onto the participant."""
    for name in DETAIL_FIELDS:
        if name in data:
            setattr(participant, name, _clean(data[name]))


def register_participant(number: PersonalNumber, municipality, data: dict, actor) -> Participant:
    """A new participant of `municipality` with a checked personal number; refused
    (JUST_REGISTERED, at the number) when someone registered the same number at the same
    moment."""
    participant = Participant(
        personal_number=number.digits,
        is_coordination_number=number.is_coordination,
        municipality=municipality,
    )
    apply_details(participant, data)
    db.session.add(participant)
    flush_first(Refusal.JUST_REGISTERED, field="personal_number")
    record("participant.registered", participant, participant_id=participant.id, user=actor)
    return participant


def update_participant(participant: Participant, data: dict, actor) -> None:
    """Save the participant's details (and a reserve identity's date of birth, when given)."""
    was_protected = participant.is_protected
    apply_details(participant, data)
    if participant.is_reserve_number and data.get("date_of_birth"):
        participant.date_of_birth = data["date_of_birth"]
    db.session.flush()
    details = None
    if was_protected != participant.is_protected:
        details = {"protected_identity": participant.is_protected}
    record(
        "participant.updated",
        participant,
        participant_id=participant.id,
        details=details,
        user=actor,
    )


def record_consent(
    participant: Participant,
    kind: ConsentKind,
    *,
    given: bool,
    effective_on: date,
    note: str | None,
    actor,
) -> ConsentEvent:
    """A consent given or withdrawn; the latest event of a kind is the one that counts."""
    event = ConsentEvent(
        participant=participant,
        kind=kind,
        is_given=given,
        effective_on=effective_on,
        note=(note or "").strip() or None,
        recorded_by=actor,
    )
    db.session.add(event)
    db.session.flush()
    record(
        "participant.consent_given" if given else "participant.consent_withdrawn",
        participant,
        participant_id=participant.id,
        details={"kind": kind.value},
        user=actor,
    )
    if not given:
        notify(Kind.CONSENT_WITHDRAWN, participant, actor=actor)
    return event


def known_in(municipality_id: int, participant: Participant) -> Participant | None:
    """The municipality's own participant with the same number as `participant`, if any."""
    if not participant.personal_number:
        return None
    return db.session.scalar(
        sa.select(Participant).where(
            Participant.municipality_id == municipality_id,
            Participant.personal_number == participant.personal_number,
            Participant.id != participant.id,
        )
    )


def _references() -> list[sa.Column]:
    """Every column that names a participant, whatever area's table it is in."""
    participants = Participant.__table__
    return [
        fk.parent
        for table in db.metadata.sorted_tables
        if table is not participants
        for fk in table.foreign_keys
        if fk.column.table is participants
    ]


def _repoint(column: sa.Column, incoming: Participant, existing: Participant) -> None:
    """Make the rows that name `incoming` name `existing` instead.

    A table keyed by the participant (a precomputed summary) is left alone: its keeper
    recomputes both people's rows from what moved, and the incoming participant's go with it.
    A table with one row per participant keeps the receiving participant's row when there is
    one (the incoming row goes with the incoming participant).
    """
    if column.primary_key:
        return
    table = column.table
    if column.unique:
        taken = db.session.scalar(sa.select(sa.func.count()).where(column == existing.id))
        if taken:
            return
    db.session.execute(
        table.update().where(column == incoming.id).values({column.name: existing.id})
    )


def both_open(one: Participant, other: Participant) -> bool:
    """True when each has an open case: merged, the person would have two open cases."""
    from app.cases.models import Case
    from app.cases.workflow import Stage

    open_cases = sa.select(sa.func.count(sa.distinct(Case.participant_id))).where(
        Case.participant_id.in_([one.id, other.id]), Case.stage != Stage.CLOSED
    )
    return db.session.scalar(open_cases) == 2


def move_history(incoming: Participant, existing: Participant) -> None:
    """Every row that names `incoming` (cases, referrals, consents, certificates, ...) names
    `existing` instead, and `incoming` is removed.

    `existing` keeps its own details and fills in those it lacks; a protected identity on either
    side stays protected. The caller writes what happened to the audit log.
    """
    for name in DETAIL_FIELDS:
        if getattr(existing, name) in (None, "") and getattr(incoming, name) not in (None, ""):
            setattr(existing, name, getattr(incoming, name))
    existing.is_protected = existing.is_protected or incoming.is_protected
    db.session.flush()
    for column in _references():
        _repoint(column, incoming, existing)
    # What the session holds of the moved rows is stale after the statements above.
    db.session.expire_all()
    db.session.delete(incoming)
    db.session.flush()


def link_participants(incoming: Participant, existing: Participant, actor) -> Participant:
    """One person registered in two municipalities, linked by a consented transfer: every row
    that names `incoming` names `existing`, the receiving municipality's own participant, and
    `incoming` is removed (`move_history`).

    The access log keeps its lines under both ids, and says which became which.
    """
    details = {"from": incoming.id, "into": existing.id}
    move_history(incoming, existing)
    record("participant.linked", existing, participant_id=existing.id, details=details, user=actor)
    record(
        "participant.linked", existing, participant_id=details["from"], details=details, user=actor
    )
    return existing
