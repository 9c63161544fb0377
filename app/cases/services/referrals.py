"""The referral inbox: register, accept, reject, return for completion."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import record
from app.cases.models import Case, Referral
from app.cases.personal_numbers import PersonalNumber
from app.cases.services import decide, flush_first
from app.cases.services.cases import open_case
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


def register_referral(participant, municipality, data: dict, actor) -> Referral:
    """A new referral waiting in the municipality's inbox."""
    referral = Referral(participant=participant, municipality=municipality, created_by=actor)
    apply_referral(referral, data)
    db.session.add(referral)
    db.session.flush()
    record("referral.registered", referral, participant_id=participant.id, user=actor)
    notify(Kind.REFERRAL_RECEIVED, referral, actor=actor)
    return referral


def refer(number: PersonalNumber, municipality, person: dict, data: dict, actor) -> Referral:
    """A referral for the municipality's participant with this number, or for one registered
    now with the `person` details.

    Only this municipality's participants are looked at: whether the person is known anywhere
    else is never told, and a consented transfer is what links their cases later.
    """
    participant = find_participant(number, municipality.id, "referral")
    if participant is None:
        participant = register_participant(number, municipality, person, actor)
    return register_referral(participant, municipality, data, actor)


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
