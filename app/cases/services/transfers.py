"""Transfers of a case to another municipality of the same region."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import record
from app.cases import workflow
from app.cases.models import Assignment, Case, Referral, Transfer
from app.cases.services import decide
from app.cases.services.cases import case_facts, check_coach
from app.cases.services.participants import known_in, link_participants
from app.cases.vocab import TransferStatus
from app.cases.workflow import Refusal
from app.extensions import db
from app.notifications import Kind, notify
from app.refusals import check


def request_transfer(case: Case, to_municipality, message: str, actor) -> Transfer:
    """Send the case to `to_municipality`; Refused (`workflow.transfer_refusals`) when it may
    not go."""
    check(
        workflow.transfer_refusals(
            case_facts(case),
            same_municipality=to_municipality.id == case.municipality_id,
            same_region=case.municipality.cooperates_with(to_municipality),
        )
    )
    transfer = Transfer(
        case=case,
        from_municipality=case.municipality,
        to_municipality=to_municipality,
        message=message.strip(),
        requested_by=actor,
    )
    db.session.add(transfer)
    db.session.flush()
    record(
        "case.transfer_requested",
        case,
        participant_id=case.participant_id,
        details={"to": to_municipality.id},
        user=actor,
    )
    notify(Kind.TRANSFER_REQUESTED, transfer, actor=actor)
    return transfer


def _decide(item: Transfer, status: TransferStatus, actor, reason: str | None) -> None:
    decide(item, TransferStatus.PENDING, status, actor, reason, already=Refusal.TRANSFER_DECIDED)


def accept_transfer(transfer: Transfer, coach) -> None:
    """The receiving municipality takes the case, its participant and their history.

    When the receiving municipality already has its own participant with the same number, the
    transfer (which the participant consented to) is what links the two: the moving person's
    cases, referrals and everything else become that participant's (`link_participants`).
    Refused (COACH_ASSESSES) when the accepting coach has assessment work pending for them.
    """
    _decide(transfer, TransferStatus.ACCEPTED, coach, None)
    case, receiving = transfer.case, transfer.to_municipality
    participant = case.participant
    for moving in participant.cases:
        moving.municipality = receiving
    for referral in db.session.scalars(
        sa.select(Referral).where(Referral.participant_id == participant.id)
    ):
        referral.municipality = receiving
    known = known_in(receiving.id, participant)
    if known is None:
        participant.municipality = receiving
    else:
        db.session.flush()
        participant = link_participants(participant, known, coach)
    check_coach(case, coach)
    db.session.add(Assignment(case=case, from_coach_id=case.coach_id, to_coach=coach, actor=coach))
    case.coach = coach
    db.session.flush()
    record(
        "case.transfer_accepted",
        case,
        participant_id=participant.id,
        details={"from": transfer.from_municipality_id, "to": receiving.id},
        user=coach,
    )


def reject_transfer(transfer: Transfer, actor, reason: str) -> None:
    """The receiving municipality declines; the case stays where it was."""
    _decide(transfer, TransferStatus.REJECTED, actor, reason)
    record(
        "case.transfer_rejected",
        transfer.case,
        participant_id=transfer.case.participant_id,
        user=actor,
    )
