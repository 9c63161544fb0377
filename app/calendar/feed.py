"""The iCalendar feed of one person: their planned assessments (as assessor) and the follow-ups
of the cases they coach, as all-day events from CALENDAR_PAST_DAYS ago on.

An event names its kind and the case number only: never a participant's name, personal number or
contact, nor any free text typed about them (a purpose, instructions, notes), so a participant
with protected identity is safe in it too. Its UID is stable (`assessment-<id>@<host>`), its
SEQUENCE the row's `calendar_sequence`; a cancelled assessment stays in the feed, as
STATUS:CANCELLED, while it is within the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import icalendar
import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.assessments.models import Assessment
from app.assessments.vocab import AssessmentStatus
from app.cases.models import Case, FollowUp
from app.db import today, utcnow
from app.extensions import db
from app.vocab import Role

# Ten or twelve digits, with or without a dash or plus: what a personal number looks like.
PERSONAL_NUMBER = re.compile(r"\d{6}(\d{2})?\s*[-+]?\s*\d{4}")


@dataclass(frozen=True)
class Event:
    uid: str
    on: date
    sequence: int
    summary: str
    location: str | None
    description: str
    cancelled: bool
    participant_id: int


def _clean(text: str | None) -> str | None:
    """A place as typed, with anything shaped like a personal number taken out."""
    return PERSONAL_NUMBER.sub("…", text).strip() if text else None


def _case_url(case_id: int) -> str:
    return url_for("cases.case", case_id=case_id, _external=True)


def _assessments(user, since: date, host: str) -> list[Event]:
    if not user.has_role(Role.ASSESSOR):
        return []
    query = (
        sa.select(Assessment, Case.participant_id)
        .join(Case, Assessment.case_id == Case.id)
        .where(Assessment.assessor_id == user.id, Assessment.scheduled_on >= since)
        .order_by(Assessment.scheduled_on, Assessment.id)
    )
    return [
        Event(
            uid=f"assessment-{item.id}@{host}",
            on=item.scheduled_on,
            sequence=item.calendar_sequence,
            summary=_("Assessment, case #%(case)s", case=item.case_id),
            location=_clean(item.place),
            description=_case_url(item.case_id),
            cancelled=item.status == AssessmentStatus.CANCELLED,
            participant_id=participant_id,
        )
        for item, participant_id in db.session.execute(query)
    ]


def _follow_ups(user, since: date, host: str) -> list[Event]:
    if not user.has_role(Role.COACH) or user.municipality_id is None:
        return []
    query = (
        sa.select(FollowUp, Case.participant_id)
        .join(Case, FollowUp.case_id == Case.id)
        .where(
            Case.coach_id == user.id,
            Case.municipality_id == user.municipality_id,
            FollowUp.due_on >= since,
        )
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    return [
        Event(
            uid=f"follow-up-{item.id}@{host}",
            on=item.due_on,
            sequence=item.calendar_sequence,
            summary=_("Follow-up, case #%(case)s", case=item.case_id)
            + (" " + _("(done)") if item.done_at is not None else ""),
            location=None,
            description=_case_url(item.case_id),
            cancelled=False,
            participant_id=participant_id,
        )
        for item, participant_id in db.session.execute(query)
    ]


def events_of(user, host: str) -> list[Event]:
    """The person's events, in their own language."""
    since = today() - timedelta(days=current_app.config.get("CALENDAR_PAST_DAYS", 30))
    with force_locale(user.locale or "sv"):
        return _assessments(user, since, host) + _follow_ups(user, since, host)


def calendar(events: list[Event]) -> bytes:
    """The events as an iCalendar document."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Validera//Calendar//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Validera")
    stamp = utcnow()
    for event in events:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", event.on)
        item.add("dtend", event.on + timedelta(days=1))
        item.add("sequence", event.sequence)
        item.add("summary", event.summary)
        if event.location:
            item.add("location", event.location)
        item.add("description", event.description)
        item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        item.add("transp", "TRANSPARENT")
        cal.add_component(item)
    return cal.to_ical()
