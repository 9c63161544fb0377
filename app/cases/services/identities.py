"""Reserve identities (reservnummer) for people without a Swedish personal or coordination
number, and merging one with the personal number the person gets later.

A reserve number is given by Validera, per municipality and never twice:
`personal_numbers.reserve_number` (`R2280-000001`). The participant keeps the date of birth and
the gender typed for them; `birth_year` follows the date of birth, so the statistics count them.
"""

from __future__ import annotations

from app.audit import record
from app.cases.models import Participant
from app.cases.personal_numbers import PersonalNumber, reserve_number
from app.cases.services import expect_version, flush_first
from app.cases.services.lookup import find_participant
from app.cases.services.participants import apply_details, both_open, move_history
from app.cases.workflow import Refusal
from app.extensions import db
from app.organisations.models import Municipality
from app.refusals import Refused


def next_reserve_number(municipality: Municipality) -> str:
    """The municipality's next reserve number, counted with one UPDATE so that two
    registrations at the same moment never get the same one."""
    table = Municipality.__table__
    issued = db.session.execute(
        table.update()
        .where(table.c.id == municipality.id)
        .values(reserve_numbers_issued=table.c.reserve_numbers_issued + 1)
        .returning(table.c.reserve_numbers_issued)
    ).scalar_one()
    db.session.expire(municipality, ["reserve_numbers_issued"])
    return reserve_number(municipality.code, issued)


def register_reserve(municipality: Municipality, data: dict, actor) -> Participant:
    """A new participant with a reserve identity: the name, `date_of_birth` and `gender` of
    `data` and a reserve number of the municipality."""
    participant = Participant(
        personal_number=next_reserve_number(municipality),
        is_reserve_number=True,
        municipality=municipality,
        date_of_birth=data["date_of_birth"],
    )
    apply_details(participant, data)
    db.session.add(participant)
    flush_first(Refusal.JUST_REGISTERED, field="personal_number")
    details = {"reserve_number": participant.personal_number}
    record(
        "participant.registered",
        participant,
        participant_id=participant.id,
        details=details,
        user=actor,
    )
    return participant


def registered_with(number: PersonalNumber, participant: Participant) -> Participant | None:
    """The participant of the same municipality who has this number (a logged search)."""
    return find_participant(number, participant.municipality_id, "identity")


def merge_identity(
    participant: Participant, number: PersonalNumber, actor, *, version, into: str
) -> Participant:
    """The reserve identity gets the personal number: when someone of the municipality already
    has it, everything about the reserve identity (cases, referrals, consents, ...) becomes
    theirs and the reserve identity goes; otherwise the participant simply gets the number.

    `version` is the reserve participant's as the confirmation page showed it and `into` what
    that page said ("new", or the id of the participant with the number): refused when either
    changed meanwhile.
    """
    if not participant.is_reserve_number:
        raise Refused(Refusal.NOT_RESERVE)
    expect_version(participant, version)
    existing = registered_with(number, participant)
    if (str(existing.id) if existing else "new") != into:
        raise Refused("edit_conflict")
    details = {"reserve_number": participant.personal_number, "from": participant.id}
    if existing is None:
        return _give_number(participant, number, details, actor)
    if both_open(participant, existing):
        raise Refused(Refusal.BOTH_OPEN)
    details["into"] = existing.id
    record(
        "participant.identity_merged",
        existing,
        participant_id=participant.id,
        details=details,
        user=actor,
    )
    move_history(participant, existing)
    record(
        "participant.identity_merged",
        existing,
        participant_id=existing.id,
        details=details,
        user=actor,
    )
    return existing


def _give_number(participant: Participant, number: PersonalNumber, details: dict, actor):
    participant.personal_number = number.digits
    participant.is_coordination_number = number.is_coordination
    participant.is_reserve_number = False
    flush_first(Refusal.JUST_REGISTERED, field="personal_number")
    record(
        "participant.identity_merged",
        participant,
        participant_id=participant.id,
        details=details | {"into": participant.id},
        user=actor,
    )
    return participant
