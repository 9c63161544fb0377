"""Operations on participants and their consents."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.audit import record
from app.cases.models import ConsentEvent, Participant
from app.cases.personal_numbers import PersonalNumber
from app.cases.vocab import ConsentKind
from app.extensions import db

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


def find_participant(digits: str) -> Participant | None:
    """The participant with this normalised personal number, wherever they are registered."""
    return db.session.scalar(sa.select(Participant).where(Participant.personal_number == digits))


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
    """A new participant of `municipality` with a checked personal number."""
    participant = Participant(
        personal_number=number.digits,
        is_coordination_number=number.is_coordination,
        municipality=municipality,
    )
    apply_details(participant, data)
    db.session.add(participant)
    db.session.flush()
    record("participant.registered", participant, participant_id=participant.id, user=actor)
    return participant


def update_participant(participant: Participant, data: dict, actor) -> None:
    """Save the participant's details."""
    was_protected = participant.is_protected
    apply_details(participant, data)
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
    return event
