"""Introductions: requested by the employer, brokered by the coach, answered by the participant."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import record
from app.db import utcnow
from app.employers.models import Introduction
from app.employers.queries import is_candidate
from app.employers.vocab import OPEN_INTRODUCTION, IntroductionStatus, Refusal
from app.extensions import db
from app.notifications import Kind, notify
from app.refusals import Refused


def open_introduction(need, participant_id: int) -> Introduction | None:
    """The introduction for this need and candidate that is still waiting, if any."""
    return db.session.scalar(
        sa.select(Introduction).where(
            Introduction.need_id == need.id,
            Introduction.participant_id == participant_id,
            Introduction.status.in_(OPEN_INTRODUCTION),
        )
    )


def request_introduction(need, participant_id: int, message: str | None, actor) -> Introduction:
    """The employer asks to meet a candidate for one of its open needs."""
    if not need.is_open:
        raise Refused(Refusal.NEED_NOT_OPEN)
    if not is_candidate(participant_id):
        raise Refused(Refusal.CANDIDATE_GONE)
    if open_introduction(need, participant_id) is not None:
        raise Refused(Refusal.INTRODUCTION_WAITING)
    introduction = Introduction(
        need=need,
        employer_id=need.employer_id,
        participant_id=participant_id,
        message=message or None,
        requested_by=actor,
    )
    db.session.add(introduction)
    db.session.flush()
    record(
        "employers.introduction_requested",
        introduction,
        participant_id=participant_id,
        user=actor,
    )
    notify(Kind.INTRODUCTION_REQUESTED, introduction, actor=actor)
    return introduction


def _require_open(introduction: Introduction) -> None:
    if not introduction.is_open:
        raise Refused(Refusal.INTRODUCTION_ANSWERED)


def mark_asked(introduction: Introduction, actor) -> None:
    """The coach has asked the participant."""
    _require_open(introduction)
    if introduction.status is IntroductionStatus.ASKED:
        raise Refused(Refusal.ALREADY_ASKED)
    introduction.status = IntroductionStatus.ASKED
    introduction.asked_at = utcnow()
    _log(introduction, "employers.introduction_asked", actor)


def accept_introduction(introduction: Introduction, shared_contact: str, actor) -> None:
    """The participant agreed: the employer may see the name and the chosen contact."""
    _require_open(introduction)
    if not is_candidate(introduction.participant_id):
        raise Refused(Refusal.PROFILE_NOT_SHARED)
    introduction.status = IntroductionStatus.ACCEPTED
    introduction.shared_contact = shared_contact
    _decided(introduction, actor)
    _log(introduction, "employers.introduction_accepted", actor)


def decline_introduction(introduction: Introduction, reason: str | None, actor) -> None:
    """The participant said no; the reason stays with the coach."""
    _require_open(introduction)
    introduction.status = IntroductionStatus.DECLINED
    introduction.decline_reason = reason or None
    _decided(introduction, actor)
    _log(introduction, "employers.introduction_declined", actor)


def _decided(introduction: Introduction, actor) -> None:
    introduction.decided_at = utcnow()
    introduction.decided_by = actor
    notify(Kind.INTRODUCTION_ANSWERED, introduction, actor=actor)


def _log(introduction: Introduction, action: str, actor) -> None:
    db.session.flush()
    record(action, introduction, participant_id=introduction.participant_id, user=actor)


def reveals_identity(introduction: Introduction) -> bool:
    """The employer sees the name and shared contact: accepted, and still a candidate."""
    return introduction.status is IntroductionStatus.ACCEPTED and is_candidate(
        introduction.participant_id
    )


def has_accepted_introduction(employer_id: int, participant_id: int) -> bool:
    """The employer has an accepted introduction to the participant."""
    return (
        db.session.scalar(
            sa.select(Introduction.id).where(
                Introduction.employer_id == employer_id,
                Introduction.participant_id == participant_id,
                Introduction.status == IntroductionStatus.ACCEPTED,
            )
        )
        is not None
    )
