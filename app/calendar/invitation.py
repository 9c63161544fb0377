"""The invitation to a planned assessment that a mail to its assessor carries
(`app.mail.message(..., calendar=assessment_invitation(assessment))`).

It is the feed's event of the assessment (`events.assessment_event`: the same UID, so a calendar
that has both keeps one event; SEQUENCE the assessment's `calendar_sequence`, so a moved
assessment updates the event and a cancelled one removes it), with METHOD REQUEST, or CANCEL
and STATUS:CANCELLED; ORGANIZER the sender of the case's municipality at MAIL_DEFAULT_SENDER's
address, ATTENDEE the assessor; in the assessor's language.
"""

from __future__ import annotations

from email.utils import parseaddr

import icalendar
from flask_babel import force_locale

from app.calendar.events import assessment_event, new_calendar, vevent
from app.db import utcnow
from app.mail.senders import sender_of


def assessment_invitation(assessment, *, cancelled: bool = False) -> str:
    """The iCalendar text inviting the assessor to `assessment` (METHOD:REQUEST), or
    cancelling it (METHOD:CANCEL, STATUS:CANCELLED)."""
    assessor = assessment.assessor
    with force_locale(assessor.locale or "sv"):
        event = assessment_event(assessment)
    cancelled = cancelled or event.cancelled
    item = vevent(event, utcnow())
    if cancelled:
        item["status"] = icalendar.vText("CANCELLED")
    item.add("organizer", _organizer(assessment.case.municipality))
    item.add("attendee", _attendee(assessor))
    cal = new_calendar("CANCEL" if cancelled else "REQUEST")
    cal.add_component(item)
    return cal.to_ical().decode()


def _organizer(municipality) -> icalendar.vCalAddress:
    name, address = parseaddr(sender_of(municipality).from_header)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    if name:
        organizer.params["cn"] = icalendar.vText(name)
    return organizer


def _attendee(assessor) -> icalendar.vCalAddress:
    attendee = icalendar.vCalAddress(f"mailto:{assessor.email}")
    attendee.params["cn"] = icalendar.vText(assessor.name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
    attendee.params["rsvp"] = icalendar.vText("FALSE")  # answers would go to a no-reply address
    return attendee
