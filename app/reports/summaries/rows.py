"""The rows of the statistics' tables as the live data defines them.

Each function returns a SELECT whose columns are those of one table in `models.py`, for
every row or only for the given cases (referrals); `app.reports.summaries` writes them with
INSERT ... SELECT. These are the definitions the dashboard's queries used to compute on every
request: a case starts at its earliest transition, a stay ends at the case's next transition,
the first attempt at a unit is the earliest assessment's current decision on it.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from app.reports.sql import age_group, days_between, text


def _starts(case_ids: Collection[int] | None):
    """Each case's start: its first recorded transition."""
    from app.cases.models import Transition

    query = sa.select(Transition.case_id, sa.func.min(Transition.at).label("started_at")).group_by(
        Transition.case_id
    )
    if case_ids is not None:
        query = query.where(Transition.case_id.in_(case_ids))
    return query.subquery("case_starts")


def _age_at_start(started_at, birth_year) -> sa.ColumnElement:
    """The age group at the case's start; None for a case with no transition yet."""
    return sa.case((started_at.is_(None), None), else_=age_group(started_at, birth_year))


def case_rows(case_ids: Collection[int] | None = None) -> sa.Select:
    """`report_cases`: one row per case."""
    from app.cases.models import Case, Participant, Referral

    starts = _starts(case_ids)
    other = sa.orm.aliased(Case)
    cases_of_participant = (
        sa.select(sa.func.count()).where(other.participant_id == Case.participant_id)
    ).scalar_subquery()
    query = (
        sa.select(
            Case.id.label("case_id"),
            Case.municipality_id,
            Case.coach_id,
            Case.referral_id,
            text(Referral.source).label("source"),
            Case.participant_id,
            sa.case((cases_of_participant == 1, sa.true()), else_=sa.false()).label("is_sole"),
            starts.c.started_at,
            Case.closed_at,
            text(Case.stage).label("stage"),
            text(Case.outcome).label("outcome"),
            text(Case.status_at_exit).label("status_at_exit"),
            text(Participant.gender).label("gender"),
            Participant.birth_year,
            _age_at_start(starts.c.started_at, Participant.birth_year).label("age_group"),
            text(Participant.education).label("education"),
            text(Participant.status_at_entry).label("status_at_entry"),
            text(Participant.foreign_background).label("foreign_background"),
            text(Participant.has_disability).label("has_disability"),
            sa.case((Participant.is_reserve_number, "reserve"), else_="number").label("identity"),
        )
        .join(Participant, Participant.id == Case.participant_id)
        .outerjoin(Referral, Referral.id == Case.referral_id)
        .outerjoin(starts, starts.c.case_id == Case.id)
    )
    if case_ids is not None:
        query = query.where(Case.id.in_(case_ids))
    return query


def referral_rows(referral_ids: Collection[int] | None = None) -> sa.Select:
    """`report_referrals`: one row per referral, aged in the year it was received."""
    from app.cases.models import Participant, Referral

    query = sa.select(
        Referral.id.label("referral_id"),
        Referral.municipality_id,
        Referral.referred_on,
        text(Referral.source).label("source"),
        text(Referral.status).label("status"),
        text(Participant.gender).label("gender"),
        age_group(Referral.referred_on, Participant.birth_year).label("age_group"),
    ).join(Participant, Participant.id == Referral.participant_id)
    if referral_ids is not None:
        query = query.where(Referral.id.in_(referral_ids))
    return query


def stay_rows(case_ids: Collection[int] | None = None) -> sa.Select:
    """`report_stays`: each transition with a later one, and the days until that one."""
    from app.cases.models import Case, Participant, Transition

    left = sa.func.lead(Transition.at).over(
        partition_by=Transition.case_id, order_by=(Transition.at, Transition.id)
    )
    stays = sa.select(
        Transition.id.label("transition_id"),
        Transition.case_id,
        text(Transition.to_stage).label("stage"),
        Transition.at.label("entered_at"),
        left.label("left_at"),
    )
    if case_ids is not None:
        stays = stays.where(Transition.case_id.in_(case_ids))
    stays = stays.subquery("stays")
    return (
        sa.select(
            stays.c.transition_id,
            stays.c.case_id,
            Case.municipality_id,
            stays.c.stage,
            text(Participant.gender).label("gender"),
            stays.c.entered_at,
            days_between(stays.c.entered_at, stays.c.left_at).label("days"),
        )
        .join(Case, Case.id == stays.c.case_id)
        .join(Participant, Participant.id == Case.participant_id)
        .where(stays.c.left_at.is_not(None))
    )


def decision_rows(case_ids: Collection[int] | None = None) -> sa.Select:
    """`report_decisions`: the current decisions verified as achieved or made at a first
    attempt (returned decisions wait for revision and are neither)."""
    from app.assessments.models import Assessment, UnitDecision
    from app.assessments.queries import not_superseded
    from app.assessments.vocab import DecisionOutcome, DecisionStatus
    from app.cases.models import Case, Participant

    def current(query):
        query = query.where(not_superseded(), UnitDecision.status != DecisionStatus.RETURNED)
        return query if case_ids is None else query.where(UnitDecision.case_id.in_(case_ids))

    # The decision id breaks ties no current decision has (one per assessment and unit).
    attempt = sa.func.row_number().over(
        partition_by=(UnitDecision.case_id, UnitDecision.unit_id),
        order_by=(Assessment.scheduled_on, Assessment.id, UnitDecision.id),
    )
    attempts = current(
        sa.select(UnitDecision.id, attempt.label("attempt")).join(
            Assessment, Assessment.id == UnitDecision.assessment_id
        )
    ).subquery("attempts")
    starts = _starts(case_ids)
    achieved = sa.and_(
        UnitDecision.status == DecisionStatus.VERIFIED,
        UnitDecision.outcome == DecisionOutcome.ACHIEVED,
    )
    first = attempts.c.attempt == 1
    query = (
        sa.select(
            UnitDecision.id.label("decision_id"),
            UnitDecision.case_id,
            UnitDecision.unit_id,
            Case.municipality_id,
            text(Participant.gender).label("gender"),
            _age_at_start(starts.c.started_at, Participant.birth_year).label("age_group"),
            sa.case((achieved, UnitDecision.verified_at)).label("achieved_at"),
            sa.case((first, UnitDecision.decided_at)).label("first_attempt_at"),
            sa.case(
                (sa.and_(first, UnitDecision.outcome == DecisionOutcome.ACHIEVED), sa.true()),
                else_=sa.false(),
            ).label("passed_first"),
        )
        .join(Case, Case.id == UnitDecision.case_id)
        .join(Participant, Participant.id == Case.participant_id)
        .outerjoin(starts, starts.c.case_id == UnitDecision.case_id)
        .outerjoin(attempts, attempts.c.id == UnitDecision.id)
    )
    return current(query.where(sa.or_(achieved, first)))
