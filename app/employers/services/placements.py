"""Placements at employers, their follow-ups, and what they mean for the case."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from app.audit import record
from app.cases.services.cases import transition_case
from app.cases.vocab import LabourMarketStatus, Outcome
from app.cases.workflow import Move, Stage
from app.db import today, utcnow
from app.employers.models import Placement, PlacementFollowUp
from app.employers.services.needs import refresh_filled
from app.employers.vocab import FollowUpPoint, PlacementOutcome, Refusal
from app.extensions import db
from app.refusals import Refused


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_dates(starts_on: date) -> dict[FollowUpPoint, date]:
    """When a placement is followed up: four weeks and six months after it starts."""
    return {
        FollowUpPoint.WEEKS_4: starts_on + timedelta(weeks=4),
        FollowUpPoint.MONTHS_6: add_months(starts_on, 6),
    }


def _move(case, to: Stage, actor, reason: str, **given) -> None:
    try:
        transition_case(case, Move(to=to, reason=reason, today=today(), **given), actor)
    except Refused as exc:
        raise Refused(Refusal.CASE_STAGE) from exc


def create_placement(case, data: dict, actor) -> Placement:
    """Record a placement for a case in matching; the case becomes placed."""
    if case.stage is not Stage.MATCHING:
        raise Refused(Refusal.CASE_NOT_IN_MATCHING)
    placement = Placement(
        case=case, participant_id=case.participant_id, created_by_id=actor.id, **data
    )
    placement.follow_ups = [
        PlacementFollowUp(point=point, due_on=due)
        for point, due in follow_up_dates(data["starts_on"]).items()
    ]
    db.session.add(placement)
    db.session.flush()
    _move(
        case,
        Stage.PLACED,
        actor,
        str(_l("Placement at %(employer)s", employer=placement.employer.name)),
    )
    record("employers.placement_created", placement, participant_id=case.participant_id, user=actor)
    if placement.need is not None:
        refresh_filled(placement.need, actor)
    return placement


def record_follow_up(follow_up: PlacementFollowUp, still_in_place: bool, notes: str, actor):
    """The coach followed the placement up."""
    if follow_up.done_at is not None:
        raise Refused(Refusal.FOLLOW_UP_RECORDED)
    follow_up.done_at = utcnow()
    follow_up.done_by_id = actor.id
    follow_up.still_in_place = still_in_place
    follow_up.notes = notes or None
    db.session.flush()
    record(
        "employers.placement_followed_up",
        follow_up.placement,
        participant_id=follow_up.placement.participant_id,
        details={"point": follow_up.point.value, "still_in_place": still_in_place},
        user=actor,
    )


def end_placement(
    placement: Placement, outcome: PlacementOutcome, ended_on: date, close_case: bool, actor
) -> bool:
    """End a placement. Employed may close the case as employed; otherwise the case returns
    to matching. Returns False when the workflow keeps the case where it is (the placement
    still ends; the coach moves the case on its own page)."""
    if not placement.is_active:
        raise Refused(Refusal.PLACEMENT_ENDED)
    if ended_on < placement.starts_on:
        raise Refused(Refusal.ENDS_BEFORE_START)
    placement.ended_on, placement.outcome = ended_on, outcome
    db.session.flush()
    record(
        "employers.placement_ended",
        placement,
        participant_id=placement.participant_id,
        details={"outcome": outcome.value, "close_case": close_case},
        user=actor,
    )
    case = placement.case
    if case.stage is not Stage.PLACED:
        return True
    try:
        if outcome is PlacementOutcome.EMPLOYED and close_case:
            reason = _l("Employed at %(employer)s", employer=placement.employer.name)
            given = {"outcome": Outcome.EMPLOYED.value}
            given["exit_status"] = LabourMarketStatus.EMPLOYED.value
            _move(case, Stage.CLOSED, actor, str(reason), **given)
        else:
            _move(case, Stage.MATCHING, actor, str(_l("The placement ended")))
    except Refused:
        return False
    return True
