"""Review of the access log (logguppföljning): flags for reading that deserves a closer look.

Three patterns are flagged in a period:
- many participants opened by one user within a short time (PRIVACY_BULK_PARTICIPANTS within
  PRIVACY_BULK_MINUTES; defaults 20 within 10 minutes);
- a participant with protected identity opened by a user who has never been their coach;
- participants' data read outside office hours (PRIVACY_OFFICE_HOURS, default 7–18, Monday to
  Friday, Europe/Stockholm time; Swedish public holidays and Midsummer, Christmas and New Year's
  Eve are days off).
"""

from __future__ import annotations

import os
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import sqlalchemy as sa
from flask import current_app

from app.audit import AuditEvent
from app.cases.models import Assignment, Case, Participant
from app.db import UTC
from app.extensions import db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULTS = {"PRIVACY_BULK_PARTICIPANTS": 20, "PRIVACY_BULK_MINUTES": 10}
DEFAULT_OFFICE_HOURS = (7, 18)


@dataclass(frozen=True)
class Flag:
    """One pattern found: its kind, the user, when, and the lines behind it."""

    kind: str  # bulk, protected or off_hours
    user_id: int | None
    actor: str
    at: datetime
    participant_ids: tuple[int, ...]
    count: int


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first and the last moment of a calendar month in Stockholm, as UTC."""
    start = datetime.combine(month.replace(day=1), time(), STOCKHOLM)
    following = (month.replace(day=1) + timedelta(days=32)).replace(day=1)
    end = datetime.combine(following, time(), STOCKHOLM)
    return start.astimezone(UTC), end.astimezone(UTC)


def _setting(name: str) -> int:
    """A threshold from the configuration or the environment, else its default."""
    return int(current_app.config.get(name) or os.environ.get(name) or DEFAULTS[name])


def office_hours() -> tuple[int, int]:
    """First and last hour of the working day, e.g. PRIVACY_OFFICE_HOURS="7-18"."""
    value = current_app.config.get("PRIVACY_OFFICE_HOURS") or os.environ.get("PRIVACY_OFFICE_HOURS")
    if isinstance(value, str):
        first, _sep, last = value.partition("-")
        return int(first), int(last)
    return tuple(value or DEFAULT_OFFICE_HOURS)


def _reads(start: datetime, end: datetime, municipality_id: int) -> list[AuditEvent]:
    """Lines in the period where a user touched the data of a participant of the municipality,
    oldest first."""
    participants = sa.select(Participant.id).where(Participant.municipality_id == municipality_id)
    query = (
        sa.select(AuditEvent)
        .where(
            AuditEvent.at >= start,
            AuditEvent.at < end,
            AuditEvent.participant_id.in_(participants),
            AuditEvent.user_id.is_not(None),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return list(db.session.scalars(query))


def bulk_flags(lines: list[AuditEvent]) -> list[Flag]:
    """Users who opened many different participants within the window."""
    limit, window = _setting("PRIVACY_BULK_PARTICIPANTS"), _setting("PRIVACY_BULK_MINUTES")
    by_user: dict[int, list[AuditEvent]] = defaultdict(list)
    for line in lines:
        by_user[line.user_id].append(line)
    flags = []
    for user_lines in by_user.values():
        recent: deque[AuditEvent] = deque()
        flagged_until = None
        for line in user_lines:
            recent.append(line)
            while line.at - recent[0].at > timedelta(minutes=window):
                recent.popleft()
            people = {item.participant_id for item in recent}
            if len(people) >= limit and (flagged_until is None or recent[0].at > flagged_until):
                flags.append(_flag("bulk", recent[0], sorted(people)))
                flagged_until = line.at
    return flags


def _coached(user_ids: set[int], participant_ids: set[int]) -> set[tuple[int, int]]:
    """Pairs (user, participant) where the user is or was one of the participant's coaches."""
    if not user_ids or not participant_ids:
        return set()
    current = sa.select(Case.coach_id, Case.participant_id).where(
        Case.participant_id.in_(participant_ids), Case.coach_id.in_(user_ids)
    )
    earlier = (
        sa.select(Assignment.to_coach_id, Case.participant_id)
        .join(Case, Assignment.case_id == Case.id)
        .where(Case.participant_id.in_(participant_ids), Assignment.to_coach_id.in_(user_ids))
    )
    return {tuple(row) for row in db.session.execute(current.union(earlier))}


def protected_flags(lines: list[AuditEvent]) -> list[Flag]:
    """Reads of a protected participant by someone never assigned as their coach."""
    ids = {line.participant_id for line in lines}
    protected = (
        set(
            db.session.scalars(
                sa.select(Participant.id).where(Participant.id.in_(ids), Participant.is_protected)
            )
        )
        if ids
        else set()
    )
    suspicious = [line for line in lines if line.participant_id in protected]
    coached = _coached({line.user_id for line in suspicious}, protected)
    return [
        _flag("protected", line, [line.participant_id])
        for line in suspicious
        if (line.user_id, line.participant_id) not in coached
    ]


@cache
def days_off(year: int) -> frozenset[date]:
    """Sweden's public holidays in a year, and the eves that are days off in practice
    (Midsummer, Christmas and New Year's Eve)."""
    found = holidays.country_holidays(
        "SE", years=year, include_sundays=False, categories=("public", "de_facto")
    )
    return frozenset(found)


def is_off_hours(moment: datetime) -> bool:
    """True at weekends, on days off and outside office hours, in Stockholm time."""
    local = moment.astimezone(STOCKHOLM)
    first, last = office_hours()
    if local.weekday() >= 5 or local.date() in days_off(local.year):
        return True
    return not (first <= local.hour < last)


def off_hours_flags(lines: list[AuditEvent]) -> list[Flag]:
    """Reads outside office hours, one flag per user and day."""
    days: dict[tuple[int, date], list[AuditEvent]] = defaultdict(list)
    for line in lines:
        if is_off_hours(line.at):
            days[(line.user_id, line.at.astimezone(STOCKHOLM).date())].append(line)
    return [
        Flag(
            "off_hours",
            items[0].user_id,
            items[0].actor,
            items[0].at,
            tuple(sorted({i.participant_id for i in items})),
            len(items),
        )
        for items in days.values()
    ]


def _flag(kind: str, line: AuditEvent, participant_ids: list[int]) -> Flag:
    return Flag(
        kind, line.user_id, line.actor, line.at, tuple(participant_ids), len(participant_ids)
    )


def flags_between(start: datetime, end: datetime, municipality_id: int) -> list[Flag]:
    """Every flag in the period on the municipality's participants, in time order."""
    lines = _reads(start, end, municipality_id)
    found = bulk_flags(lines) + protected_flags(lines) + off_hours_flags(lines)
    return sorted(found, key=lambda flag: (flag.at, flag.kind))
