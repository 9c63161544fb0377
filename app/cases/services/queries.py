"""The lists a coach works from: caseload, inbox, follow-ups due."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from app.cases.models import Case, FollowUp, Participant, Referral, Transfer
from app.cases.personal_numbers import search_digits
from app.cases.vocab import ReferralStatus, TransferStatus
from app.cases.workflow import Stage
from app.extensions import db
from app.permissions import Role

SORTS = ("follow_up", "stage_age", "name", "stage")


def case_scope_for(user) -> sa.ColumnElement[bool]:
    """A WHERE clause for the cases `user` sees as staff: coaches and admins, own municipality.

    Areas that grant others a view of single cases (see `facts.case_viewer`) add their own
    condition, e.g. `sa.or_(case_scope_for(user), Case.id.in_(assigned_ids))`.
    """
    if user.has_role(Role.COACH, Role.ADMIN) and user.municipality_id is not None:
        return Case.municipality_id == user.municipality_id
    return sa.false()


def next_follow_up():
    """A correlated subquery: the earliest follow-up not yet done, per case."""
    return (
        sa.select(sa.func.min(FollowUp.due_on))
        .where(FollowUp.case_id == Case.id, FollowUp.done_at.is_(None))
        .correlate(Case)
        .scalar_subquery()
    )


def _matches(user, q: str):
    """Cases whose participant's number or (unless protected from this user) name matches."""
    digits = search_digits(q)
    if digits:
        return Participant.personal_number.contains(digits[-12:], autoescape=True)
    name = Participant.first_name + " " + Participant.last_name
    # Protected names are searchable only by the assigned coach, so a search cannot reveal them.
    visible = sa.or_(Participant.is_protected.is_(False), Case.coach_id == user.id)
    return sa.and_(sa.func.lower(name).contains(q.lower(), autoescape=True), visible)


def caseload_query(user, *, mine=True, stage=None, q="", sort="follow_up", closed=False):
    """The cases of the user's municipality (or only theirs), filtered, searched and sorted."""
    follow = next_follow_up()
    # Each row shows the participant and the coach: loaded with the page of cases, so the
    # queries per page do not grow with the rows shown.
    query = (
        sa.select(Case)
        .join(Case.participant)
        .options(contains_eager(Case.participant), joinedload(Case.coach))
        .where(Case.municipality_id == user.municipality_id)
    )
    if mine:
        query = query.where(Case.coach_id == user.id)
    if stage:
        query = query.where(Case.stage == stage)
    elif not closed:
        query = query.where(Case.stage != Stage.CLOSED)
    if q:
        query = query.where(_matches(user, q))
    hidden_last = sa.case((Participant.is_protected, ""), else_=Participant.last_name)
    order = {
        "follow_up": [follow.asc().nulls_last(), Case.id],
        "stage_age": [Case.stage_entered_at.asc(), Case.id],
        "name": [hidden_last, Case.id],
        "stage": [Case.stage, Case.id],
    }
    return query.order_by(*order.get(sort, order["follow_up"]))


def next_follow_ups(case_ids: list[int]) -> dict[int, date]:
    """The earliest open follow-up of each of these cases."""
    rows = db.session.execute(
        sa.select(FollowUp.case_id, sa.func.min(FollowUp.due_on))
        .where(FollowUp.case_id.in_(case_ids), FollowUp.done_at.is_(None))
        .group_by(FollowUp.case_id)
    )
    return dict(rows.all())


def inbox_referrals(municipality_id: int, status: ReferralStatus) -> list[Referral]:
    """The municipality's referrals with a status, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Referral)
            .where(Referral.municipality_id == municipality_id, Referral.status == status)
            .order_by(Referral.referred_on, Referral.id)
        )
    )


def incoming_transfers(municipality_id: int) -> list[Transfer]:
    """Transfers waiting for this municipality to decide."""
    return list(
        db.session.scalars(
            sa.select(Transfer)
            .where(
                Transfer.to_municipality_id == municipality_id,
                Transfer.status == TransferStatus.PENDING,
            )
            .order_by(Transfer.requested_at)
        )
    )


def end_of_week(today: date) -> date:
    """The Sunday of the week `today` is in."""
    return today + timedelta(days=6 - today.weekday())


def follow_ups_due(user, today: date) -> list[FollowUp]:
    """The user's open follow-ups due by the end of this week, overdue ones included."""
    return list(
        db.session.scalars(
            sa.select(FollowUp)
            .join(FollowUp.case)
            .where(
                Case.coach_id == user.id,
                Case.municipality_id == user.municipality_id,
                Case.stage != Stage.CLOSED,
                FollowUp.done_at.is_(None),
                FollowUp.due_on <= end_of_week(today),
            )
            .order_by(FollowUp.due_on, FollowUp.id)
        )
    )
