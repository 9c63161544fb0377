"""What the employers area offers other areas: employers' access to certificates, the placements
the case workflow asks for before a case is placed, and the blocks on the home page (`register`,
called by the area's `init_app`)."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import Flask, url_for
from sqlalchemy.orm import joinedload

from app.cases.facts import Asked, case_fact
from app.cases.models import Case, Participant
from app.certificates.access import employer_certificate_access
from app.db import today
from app.employers.models import CompetenceNeed, Introduction, Placement, PlacementFollowUp
from app.employers.queries import candidate_condition, is_candidate
from app.employers.services.introductions import has_accepted_introduction
from app.employers.vocab import OPEN_INTRODUCTION, IntroductionStatus, NeedStatus
from app.extensions import db
from app.main.home import home_panel
from app.notifications import Delivery, Due, Kind, notification_kind, reminder
from app.notifications.queries import people
from app.vocab import Role


def register(app: Flask) -> None:
    """Offer certificate access, the case fact and the home panels to `app`."""
    employer_certificate_access(app, introduced)
    case_fact(app, "placements", placements)
    home_panel(app, "employers/_home_coach.html", coach_inbox, Role.COACH, order=20)
    home_panel(app, "employers/_home_employer.html", employer_summary, Role.EMPLOYER, order=20)
    notifications(app)


def introduced(user, certificate) -> bool:
    """An employer may download a certificate of a candidate who accepted its introduction,
    while the candidate still shares their profile with employers."""
    return has_accepted_introduction(user.employer_id, certificate.participant_id) and (
        is_candidate(certificate.participant_id)
    )


def _placements(case_id):
    """Placements recorded for the case and not ended (the workflow's "placements"); none for
    a case not yet saved."""
    return (
        sa.select(sa.func.count(Placement.id))
        .where(Placement.case_id == case_id, Placement.ended_on.is_(None))
        .scalar_subquery()
    )


placements = Asked(_placements)


def coach_inbox(user) -> dict:
    """Introductions waiting for an answer, and placement follow-ups due within a week."""
    in_municipality = sa.exists().where(
        Case.participant_id == Introduction.participant_id,
        Case.municipality_id == user.municipality_id,
    )
    waiting = db.session.scalar(
        sa.select(sa.func.count(Introduction.id)).where(
            in_municipality, Introduction.status.in_(OPEN_INTRODUCTION)
        )
    )
    follow_ups = db.session.scalars(
        sa.select(PlacementFollowUp)
        .join(Placement, Placement.id == PlacementFollowUp.placement_id)
        .join(Case, Case.id == Placement.case_id)
        .where(
            Case.coach_id == user.id,
            PlacementFollowUp.done_at.is_(None),
            Placement.ended_on.is_(None),
            PlacementFollowUp.due_on <= today() + timedelta(days=7),
        )
        .order_by(PlacementFollowUp.due_on)
        .limit(10)
    ).all()
    return {"waiting": waiting, "follow_ups": follow_ups}


def employer_summary(user) -> dict:
    """The organisation's open needs and its introductions with an answer."""
    open_needs = db.session.scalar(
        sa.select(sa.func.count(CompetenceNeed.id)).where(
            CompetenceNeed.employer_id == user.employer_id,
            CompetenceNeed.status == NeedStatus.OPEN,
        )
    )
    answered = db.session.scalar(
        sa.select(sa.func.count(Introduction.id))
        .join(Participant, Participant.id == Introduction.participant_id)
        .where(
            Introduction.employer_id == user.employer_id,
            Introduction.status == IntroductionStatus.ACCEPTED,
            candidate_condition(),
        )
    )
    return {"open_needs": open_needs, "accepted": answered, "employer_id": user.employer_id}


PLACEMENT_OVERDUE_DAYS = 7  # a follow-up due this many days ago or less is reminded of (once)


def notifications(app: Flask) -> None:
    """The notifications the area causes, and its reminder."""
    notification_kind(
        app,
        Kind.INTRODUCTION_REQUESTED,
        Role.COACH,
        load=lambda introduction_id: db.session.get(Introduction, introduction_id),
        action="introduction.decide",
        audience=lambda introduction, event: [
            case.coach for case in introduction.participant.cases if case.coach
        ],
        link=introduction_link,
        reference=lambda introduction: introduction.need.title,
    )
    notification_kind(
        app,
        Kind.INTRODUCTION_ANSWERED,
        Role.EMPLOYER,
        load=lambda introduction_id: db.session.get(Introduction, introduction_id),
        action="introduction.view",
        audience=lambda introduction, event: people(
            Role.EMPLOYER, employer_id=introduction.employer_id
        ),
        link=introduction_link,
        reference=lambda introduction: introduction.need.title,
    )
    notification_kind(
        app,
        Kind.PLACEMENT_FOLLOW_UP_DUE,
        Role.COACH,
        load=lambda placement_id: db.session.get(Placement, placement_id),
        load_many=load_placements,
        action="placement.view",
        audience=lambda placement, event: [placement.case.coach] if placement.case.coach else [],
        link=lambda placement: url_for("employers.placement", placement_id=placement.id),
        reference=lambda placement: str(placement.case),
        default=Delivery.DIGEST,
    )
    reminder(app, Kind.PLACEMENT_FOLLOW_UP_DUE, placement_follow_ups_due)


def introduction_link(introduction: Introduction) -> str:
    """Where a notification about an introduction leads: the introduction."""
    return url_for("employers.introduction", introduction_id=introduction.id)


def load_placements(ids: list[int]) -> list[Placement]:
    """Placements with their cases and coaches, for many reminders at once."""
    query = (
        sa.select(Placement)
        .where(Placement.id.in_(ids))
        .options(joinedload(Placement.case).joinedload(Case.coach))
    )
    return list(db.session.scalars(query).unique())


def placement_follow_ups_due(day: date) -> list[Due]:
    """Follow-ups (4 weeks, 6 months) of placements not ended that fall due today or fell due
    within the week; each once."""
    query = (
        sa.select(PlacementFollowUp.id, PlacementFollowUp.placement_id, PlacementFollowUp.point)
        .join(Placement, Placement.id == PlacementFollowUp.placement_id)
        .where(
            PlacementFollowUp.done_at.is_(None),
            PlacementFollowUp.due_on.between(day - timedelta(days=PLACEMENT_OVERDUE_DAYS), day),
            Placement.ended_on.is_(None),
        )
    )
    return [
        Due(placement_id, f"{Kind.PLACEMENT_FOLLOW_UP_DUE}:{follow_up_id}", str(point))
        for follow_up_id, placement_id, point in db.session.execute(query)
    ]
