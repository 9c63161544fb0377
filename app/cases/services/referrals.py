"""The referral inbox: register, accept, reject, return for completion."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import record
from app.cases.models import Case, Referral
from app.cases.personal_numbers import PersonalNumber
from app.cases.services import decide, expect_version, flush_first
from app.cases.services.cases import open_case
from app.cases.services.duplicates import flag_duplicates, name_key
from app.cases.services.identities import register_reserve
from app.cases.services.lookup import find_participant
from app.cases.services.participants import register_participant
from app.cases.vocab import ReferralSource, ReferralStatus
from app.cases.workflow import Refusal, Stage
from app.extensions import db
from app.notifications import Kind, notify
from app.refusals import Refused
from app.webhooks import Event, publish

REFERRAL_FIELDS = ("referring_officer", "referrer_contact", "referred_on", "reason", "goal")


def apply_referral(referral: Referral, data: dict) -> None:
    """Copy the referral fields of a valid form."""
    referral.source = ReferralSource(data["source"])
    for name in REFERRAL_FIELDS:
        value = data.get(name)
        setattr(referral, name, value.strip() or None if isinstance(value, str) else value)


def register_referral(participant, municipality, data: dict, actor, typed=None) -> Referral:
    """A new referral waiting in the municipality's inbox, keeping the name (and for a reserve
    identity the date of birth) the referrer typed in `typed`, else the participant's."""
    typed = typed or {"first_name": participant.first_name, "last_name": participant.last_name}
    referral = Referral(
        participant=participant,
        municipality=municipality,
        created_by=actor,
        typed_first_name=_clean(typed.get("first_name")),
        typed_last_name=_clean(typed.get("last_name")),
        typed_birth_date=typed.get("date_of_birth"),
    )
    apply_referral(referral, data)
    db.session.add(referral)
    db.session.flush()
    record("referral.registered", referral, participant_id=participant.id, user=actor)
    notify(Kind.REFERRAL_RECEIVED, referral, actor=actor)
    return referral


def _clean(value: str | None) -> str | None:
    return " ".join((value or "").split()) or None


def names_differ(referral: Referral) -> bool:
    """True when the name the referrer typed is not the participant's (case and spacing
    aside)."""
    participant = referral.participant
    typed = name_key(referral.typed_first_name, referral.typed_last_name, participant.birth_date)
    known = name_key(participant.first_name, participant.last_name, participant.birth_date)
    return typed != known


def refer(
    number: PersonalNumber | None,
    municipality,
    person: dict,
    data: dict,
    actor,
    *,
    same_person: bool = False,
) -> Referral:
    """A referral for the municipality's participant with this number, or for one registered
    now with the `person` details (with `number` None: a reserve identity, from the person's
    `date_of_birth` and `gender`).

    Nothing typed is dropped: the referral keeps the typed name. When the number is registered
    under another name the referral is flagged until a coach confirms the person or corrects
    the number, unless `same_person` says the coach has already confirmed it, seeing both
    names. A participant registered now is checked for probable duplicates.

    Only this municipality's participants are looked at: whether the person is known anywhere
    else is never told, and a consented transfer is what links their cases later.
    """
    participant = None
    if number is not None:
        participant = find_participant(number, municipality.id, "referral")
    if participant is not None:
        referral = register_referral(participant, municipality, data, actor, person)
        _check_name(referral, same_person, actor)
        return referral
    if number is None:
        participant = register_reserve(municipality, person, actor)
    else:
        participant = register_participant(number, municipality, person, actor)
    referral = register_referral(participant, municipality, data, actor, person)
    flag_duplicates(participant, actor, referral)
    return referral


def _check_name(referral: Referral, same_person: bool, actor) -> None:
    if not names_differ(referral):
        return
    if same_person:
        _log("referral.name_confirmed", referral, actor)
        return
    referral.is_name_flagged = True
    db.session.flush()
    _log("referral.name_flagged", referral, actor)


def _log(action: str, referral: Referral, actor, **details) -> None:
    record(
        action,
        referral,
        participant_id=referral.participant_id,
        details=details or None,
        user=actor,
    )


def confirm_name(referral: Referral, version, actor) -> None:
    """The coach has seen both names and says it is the same person: the flag is cleared."""
    _check_flagged(referral, version)
    referral.is_name_flagged = False
    flush_first(Refusal.REFERRAL_DECIDED)
    _log("referral.name_confirmed", referral, actor)


def correct_number(referral: Referral, number: PersonalNumber, version, actor) -> Referral:
    """The referrer typed the wrong number: the referral goes to the municipality's participant
    with the corrected one (flagged again if that name differs too), or to one registered now
    with the typed name."""
    _check_flagged(referral, version)
    before = referral.participant_id
    participant = find_participant(number, referral.municipality_id, "referral")
    new = participant is None
    if new:
        typed = {"first_name": referral.typed_first_name, "last_name": referral.typed_last_name}
        participant = register_participant(number, referral.municipality, typed, actor)
    referral.participant = participant
    referral.is_name_flagged = names_differ(referral)
    flush_first(Refusal.REFERRAL_DECIDED)
    _log("referral.number_corrected", referral, actor, **{"from": before, "to": participant.id})
    record(
        "referral.number_corrected",
        referral,
        participant_id=before,
        user=actor,
        details={"from": before, "to": participant.id},
    )
    if new:
        flag_duplicates(participant, actor, referral)
    return referral


def _check_flagged(referral: Referral, version) -> None:
    expect_version(referral, version)
    if not is_pending(referral):
        raise Refused(Refusal.REFERRAL_DECIDED)
    if not referral.is_name_flagged:
        raise Refused(Refusal.NAME_CHOSEN)


def _decide(item: Referral, status: ReferralStatus, actor, reason: str | None) -> None:
    decide(item, ReferralStatus.WAITING, status, actor, reason, already=Refusal.REFERRAL_DECIDED)


def registered(number: PersonalNumber, municipality):
    """The municipality's participant with this number, if one is registered (a logged search):
    the referral form asks before it attaches a referral to them."""
    return find_participant(number, municipality.id, "referral")


def open_case_of(participant, municipality_id: int) -> Case | None:
    """The participant's open case in the municipality, if there is one."""
    return db.session.scalar(
        sa.select(Case)
        .where(
            Case.participant_id == participant.id,
            Case.municipality_id == municipality_id,
            Case.stage != Stage.CLOSED,
        )
        .limit(1)
    )


def accept_referral(referral: Referral, coach) -> Case:
    """Accept the referral: a case is opened and assigned to the accepting coach; refused
    while the participant has an open case in the municipality (never a second one)."""
    if referral.is_name_flagged:
        raise Refused(Refusal.NAME_FLAGGED)
    if open_case_of(referral.participant, referral.municipality_id) is not None:
        raise Refused(Refusal.ALREADY_OPEN)
    _decide(referral, ReferralStatus.ACCEPTED, coach, None)
    case = open_case(
        referral.participant,
        referral.municipality,
        coach,
        coach,
        referral=referral,
        goal=referral.goal,
    )
    record("referral.accepted", referral, participant_id=referral.participant_id, user=coach)
    publish(Event.REFERRAL_DECIDED, referral)
    return case


def reject_referral(referral: Referral, actor, reason: str) -> None:
    """Reject the referral with a reason; no case is opened."""
    _decide(referral, ReferralStatus.REJECTED, actor, reason)
    record("referral.rejected", referral, participant_id=referral.participant_id, user=actor)
    publish(Event.REFERRAL_DECIDED, referral)


def return_referral(referral: Referral, actor, reason: str) -> None:
    """Send the referral back for completion, saying what is missing."""
    _decide(referral, ReferralStatus.RETURNED, actor, reason)
    record("referral.returned", referral, participant_id=referral.participant_id, user=actor)
    publish(Event.REFERRAL_DECIDED, referral)


def is_pending(referral: Referral) -> bool:
    """Waiting, or returned for completion: not yet accepted or rejected."""
    return referral.status in (ReferralStatus.RETURNED, ReferralStatus.WAITING)


def resubmit_referral(referral: Referral, data: dict, actor) -> None:
    """Complete a returned referral and put it back in the inbox."""
    if not is_pending(referral):
        raise Refused(Refusal.REFERRAL_DECIDED)
    apply_referral(referral, data)
    referral.status = ReferralStatus.WAITING
    flush_first(Refusal.REFERRAL_DECIDED)
    record("referral.completed", referral, participant_id=referral.participant_id, user=actor)
