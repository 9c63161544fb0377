"""The iCalendar feed of one person, from CALENDAR_PAST_DAYS ago on:

- as assessor: their assessments, all day (`assessment-<id>@<host>`); a cancelled one stays, as
  STATUS:CANCELLED, while it is within the window;
- as coach, for the cases they coach: the follow-ups (`follow-up-<id>`) and the follow-ups of
  the placements (`placement-follow-up-<id>`), all day, a done one marked "(done)" (a pending
  one of an ended placement will not happen and is left out); and the meetings the participant
  is summoned to (`summons-<id>`), at their time. A summons to a planned assessment is the
  coach's event of that assessment: only the latest summons to it is shown (a new one replaces
  the earlier), cancelled with the assessment, its SEQUENCE raised by a change of either.

What an event may say, and how its UID and SEQUENCE are kept: `events.py`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from app.assessments.models import Assessment
from app.assessments.vocab import AssessmentStatus
from app.calendar.events import (
    Event,
    absolute_url,
    assessment_event,
    assessment_summary,
    clean,
    host,
    new_calendar,
    vevent,
)
from app.cases.models import Case, FollowUp, Summons
from app.cases.vocab import SummonsPurpose
from app.db import today, utcnow
from app.employers.models import Placement, PlacementFollowUp
from app.extensions import db
from app.vocab import Role


def _case_url(case_id: int) -> str:
    return absolute_url("cases.case", case_id=case_id)


def _done(summary: str, done_at) -> str:
    return summary + (" " + _("(done)") if done_at is not None else "")


def _assessments(user, since: date, uid_host: str) -> list[Event]:
    if not user.has_role(Role.ASSESSOR):
        return []
    query = (
        sa.select(Assessment, Case.participant_id)
        .join(Case, Assessment.case_id == Case.id)
        .where(Assessment.assessor_id == user.id, Assessment.scheduled_on >= since)
        .order_by(Assessment.scheduled_on, Assessment.id)
    )
    rows = db.session.execute(query)
    return [assessment_event(item, participant_id, uid_host) for item, participant_id in rows]


def _coached(user):
    """The condition on `Case` of the cases the person coaches in their municipality."""
    return sa.and_(Case.coach_id == user.id, Case.municipality_id == user.municipality_id)


def _is_coach(user) -> bool:
    return user.has_role(Role.COACH) and user.municipality_id is not None


def _follow_ups(user, since: date, uid_host: str) -> list[Event]:
    if not _is_coach(user):
        return []
    query = (
        sa.select(FollowUp, Case.participant_id)
        .join(Case, FollowUp.case_id == Case.id)
        .where(_coached(user), FollowUp.due_on >= since)
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    return [
        Event(
            uid=f"follow-up-{item.id}@{uid_host}",
            starts=item.due_on,
            sequence=item.calendar_sequence,
            summary=_done(_("Follow-up, case #%(case)s", case=item.case_id), item.done_at),
            description=_case_url(item.case_id),
            participant_id=participant_id,
        )
        for item, participant_id in db.session.execute(query)
    ]


def _placement_follow_ups(user, since: date, uid_host: str) -> list[Event]:
    if not _is_coach(user):
        return []
    query = (
        sa.select(PlacementFollowUp, Placement.case_id, Case.participant_id)
        .join(Placement, PlacementFollowUp.placement_id == Placement.id)
        .join(Case, Placement.case_id == Case.id)
        .where(
            _coached(user),
            PlacementFollowUp.due_on >= since,
            sa.or_(Placement.ended_on.is_(None), PlacementFollowUp.done_at.is_not(None)),
        )
        .order_by(PlacementFollowUp.due_on, PlacementFollowUp.id)
    )
    return [
        Event(
            uid=f"placement-follow-up-{item.id}@{uid_host}",
            starts=item.due_on,
            sequence=item.calendar_sequence,
            summary=_done(_("Follow-up of placement, case #%(case)s", case=case_id), item.done_at),
            description=_case_url(case_id),
            participant_id=participant_id,
        )
        for item, case_id, participant_id in db.session.execute(query)
    ]


def _meeting_summary(summons: Summons, kind) -> str:
    if kind is not None:
        return assessment_summary(kind, summons.case_id)
    if summons.purpose is SummonsPurpose.ASSESSMENT:
        return _("Assessment, case #%(case)s", case=summons.case_id)
    return _("Meeting, case #%(case)s", case=summons.case_id)


def _meetings(user, since: date, uid_host: str) -> list[Event]:
    """The meetings of the summonses of the person's cases; of the summonses to one assessment,
    the latest."""
    if not _is_coach(user):
        return []
    later = aliased(Summons)
    replaced = sa.exists().where(
        later.assessment_id == Summons.assessment_id, later.id > Summons.id
    )
    query = (
        sa.select(
            Summons,
            Case.participant_id,
            Assessment.kind,
            Assessment.status,
            Assessment.calendar_sequence,
        )
        .join(Case, Summons.case_id == Case.id)
        .outerjoin(Assessment, Summons.assessment_id == Assessment.id)
        .where(
            _coached(user),
            Summons.starts_at >= datetime.combine(since, time(), tzinfo=utcnow().tzinfo),
            ~replaced,
        )
        .order_by(Summons.starts_at, Summons.id)
    )
    return [
        Event(
            uid=f"summons-{item.id}@{uid_host}",
            starts=item.starts_at,
            sequence=item.calendar_sequence + (assessment_sequence or 0),
            summary=_meeting_summary(item, kind),
            description=_case_url(item.case_id),
            location=clean(item.place),
            cancelled=status == AssessmentStatus.CANCELLED,
            participant_id=participant_id,
        )
        for item, participant_id, kind, status, assessment_sequence in db.session.execute(query)
    ]


SOURCES = (_assessments, _follow_ups, _placement_follow_ups, _meetings)


def events_of(user) -> list[Event]:
    """The person's events, in their own language: one query for each kind of event."""
    since = today() - timedelta(days=current_app.config.get("CALENDAR_PAST_DAYS", 30))
    uid_host = host()
    with force_locale(user.locale or "sv"):
        return [event for source in SOURCES for event in source(user, since, uid_host)]


def calendar(events: list[Event]) -> bytes:
    """The events as an iCalendar document."""
    cal = new_calendar()
    cal.add("x-wr-calname", "Validera")
    stamp = utcnow()
    for event in events:
        cal.add_component(vevent(event, stamp))
    return cal.to_ical()
