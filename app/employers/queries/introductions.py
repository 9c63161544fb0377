"""Introductions as the pages list them: the employer's requests, the coach's inbox, those of
a need or a candidate, and the certificates an accepted introduction opens."""

from __future__ import annotations

import sqlalchemy as sa

from app.cases.models import Case, Participant
from app.certificates.models import Certificate
from app.employers.models import CompetenceNeed, Introduction
from app.employers.vocab import OPEN_INTRODUCTION
from app.extensions import db

from .candidates import candidate_condition


def requests_of(employer_id: int) -> sa.Select:
    """The employer's requests for candidates still visible to it, newest first (to page)."""
    return (
        sa.select(Introduction)
        .join(Participant, Participant.id == Introduction.participant_id)
        .where(Introduction.employer_id == employer_id, candidate_condition())
        .order_by(Introduction.created_at.desc(), Introduction.id.desc())
    )


def inbox_of(municipality_id: int | None) -> sa.Select:
    """Introductions for participants with a case in the municipality, those waiting for an
    answer first, then newest first (to page)."""
    in_municipality = sa.exists().where(
        Case.participant_id == Introduction.participant_id,
        Case.municipality_id == municipality_id,
    )
    waiting = sa.case((Introduction.status.in_(OPEN_INTRODUCTION), 0), else_=1)
    return (
        sa.select(Introduction)
        .where(in_municipality)
        .order_by(waiting, Introduction.created_at.desc(), Introduction.id.desc())
    )


def introductions_for(need: CompetenceNeed, *, candidates_only: bool) -> list[Introduction]:
    """The introductions asked for the need, newest first; with `candidates_only`, only those
    of participants employers may still see."""
    query = sa.select(Introduction).where(Introduction.need_id == need.id)
    if candidates_only:
        query = query.join(Participant, Participant.id == Introduction.participant_id).where(
            candidate_condition()
        )
    return list(db.session.scalars(query.order_by(Introduction.created_at.desc())))


def introductions_between(employer_id: int, participant_id: int) -> list[Introduction]:
    """The employer's introductions to the participant, newest first."""
    return list(
        db.session.scalars(
            sa.select(Introduction)
            .where(
                Introduction.employer_id == employer_id,
                Introduction.participant_id == participant_id,
            )
            .order_by(Introduction.created_at.desc())
        )
    )


def introductions_of(employer_id: int, limit: int = 50) -> list[Introduction]:
    """The employer's latest introductions (`limit` of them), newest first."""
    return list(
        db.session.scalars(
            sa.select(Introduction)
            .where(Introduction.employer_id == employer_id)
            .order_by(Introduction.created_at.desc())
            .limit(limit)
        )
    )


def valid_certificates(participant_id: int) -> list[sa.Row]:
    """The participant's certificates that are not revoked: (id, framework name, issued at)."""
    return list(
        db.session.execute(
            sa.select(Certificate.id, Certificate.framework_name, Certificate.issued_at).where(
                Certificate.participant_id == participant_id, Certificate.revoked_at.is_(None)
            )
        )
    )
