"""One calendar event, written once for the feed and for the invitations a mail carries.

An event names its kind and the case number only: never a participant's name, personal number or
contact, nor any free text typed about them (a purpose, instructions, notes), so a participant
with protected identity is safe in it too. A place is given as typed, with anything shaped like
a personal number taken out. Its UID is stable (`assessment-<id>@<host>`), its SEQUENCE the
row's `calendar_sequence`, which every change of the row raises (`services.raise_sequences`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from flask import current_app, has_request_context, request, url_for
from flask_babel import gettext as _

from app.assessments.labels import KINDS
from app.assessments.vocab import AssessmentStatus

# Ten or twelve digits, with or without a dash or plus: what a personal number looks like.
PERSONAL_NUMBER = re.compile(r"\d{6}(\d{2})?\s*[-+]?\s*\d{4}")
# A meeting has a start and no stated end: calendars show it this long.
MEETING_LENGTH = timedelta(hours=1)
LOCAL_BASE_URL = "http://127.0.0.1:5000/"  # `make run`, outside a request


@dataclass(frozen=True)
class Event:
    """An event of a calendar: all day when `starts` is a date, else from that moment."""

    uid: str
    starts: date | datetime
    sequence: int
    summary: str
    description: str
    location: str | None = None
    cancelled: bool = False
    participant_id: int | None = None


def clean(text: str | None) -> str | None:
    """A place as typed, with anything shaped like a personal number taken out."""
    return PERSONAL_NUMBER.sub("…", text).strip() if text else None


def base_url() -> str:
    """Validera's address: PUBLIC_BASE_URL, else the request's own (never a Host header when
    PUBLIC_BASE_URL is set)."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured.rstrip("/") + "/"
    return request.url_root if has_request_context() else LOCAL_BASE_URL


def host() -> str:
    """The host part of every UID: the same in the feed and in a mailed invitation."""
    return urlsplit(base_url()).netloc


def absolute_url(endpoint: str, **values) -> str:
    """A full address of one of Validera's pages, for an event's description."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context("/"):
            path = url_for(endpoint, **values)
    return base_url().rstrip("/") + path


def assessment_summary(kind, case_id: int) -> str:
    """ "Practical assessment, case #12", in the current language."""
    return _("%(kind)s assessment, case #%(case)s", kind=KINDS[kind], case=case_id)


def assessment_event(
    assessment, participant_id: int | None = None, uid_host: str | None = None
) -> Event:
    """The event of a planned assessment (all day: an assessment has a date, no time), in the
    current language, linking to the assessment's page."""
    summary = assessment_summary(assessment.kind, assessment.case_id)
    link = absolute_url("assessments.show", assessment_id=assessment.id)
    return Event(
        uid=f"assessment-{assessment.id}@{uid_host or host()}",
        starts=assessment.scheduled_on,
        sequence=assessment.calendar_sequence or 0,
        summary=summary,
        description=f"{summary}\n{link}",
        location=clean(assessment.place),
        cancelled=assessment.status == AssessmentStatus.CANCELLED,
        participant_id=participant_id,
    )


def vevent(event: Event, stamp: datetime) -> icalendar.Event:
    """The VEVENT of `event`: an all-day event leaves the day free (TRANSP), a meeting not."""
    item = icalendar.Event()
    item.add("uid", event.uid)
    item.add("dtstamp", stamp)
    if isinstance(event.starts, datetime):
        item.add("dtstart", event.starts)
        item.add("dtend", event.starts + MEETING_LENGTH)
    else:
        item.add("dtstart", event.starts)
        item.add("dtend", event.starts + timedelta(days=1))
    item.add("sequence", event.sequence)
    item.add("summary", event.summary)
    if event.location:
        item.add("location", event.location)
    item.add("description", event.description)
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE" if isinstance(event.starts, datetime) else "TRANSPARENT")
    return item


def new_calendar(method: str | None = None) -> icalendar.Calendar:
    """An empty VCALENDAR of Validera's (with METHOD for an invitation)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Validera//Calendar//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal
