"""The referral inbox: register, accept, reject, return for completion."""

from __future__ import annotations

from app.audit import record
from app.cases.models import Case, Referral
from app.cases.services.cases import open_case
from app.cases.vocab import ReferralSource, ReferralStatus
from app.db import utcnow
from app.extensions import db

REFERRAL_FIELDS = ("referring_officer", "referrer_contact", "referred_on", "reason", "goal")


class ReferralAlreadyDecided(Exception):
    """The referral is no longer waiting (someone else decided it first)."""


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
    return referral


def _decide(referral: Referral, status: ReferralStatus, actor, reason: str | None) -> None:
    if referral.status is not ReferralStatus.WAITING:
        raise ReferralAlreadyDecided
    referral.status = status
    referral.decided_by = actor
    referral.decided_at = utcnow()
    referral.decision_reason = (reason or "").strip() or None


def accept_referral(referral: Referral, coach) -> Case:
    """Accept the referral: a case is opened and assigned to the accepting coach."""
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
    return case


def reject_referral(referral: Referral, actor, reason: str) -> None:
    """Reject the referral with a reason; no case is opened."""
    _decide(referral, ReferralStatus.REJECTED, actor, reason)
    db.session.flush()
    record("referral.rejected", referral, participant_id=referral.participant_id, user=actor)


def return_referral(referral: Referral, actor, reason: str) -> None:
    """Send the referral back for completion, saying what is missing."""
    _decide(referral, ReferralStatus.RETURNED, actor, reason)
    db.session.flush()
    record("referral.returned", referral, participant_id=referral.participant_id, user=actor)


def resubmit_referral(referral: Referral, data: dict, actor) -> None:
    """Complete a returned referral and put it back in the inbox."""
    if referral.status not in (ReferralStatus.RETURNED, ReferralStatus.WAITING):
        raise ReferralAlreadyDecided
    apply_referral(referral, data)
    referral.status = ReferralStatus.WAITING
    db.session.flush()
    record("referral.completed", referral, participant_id=referral.participant_id, user=actor)
