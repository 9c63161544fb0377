"""The demo participant's own pages: Mikael Öberg (assessment stage, Härnösand) signs in as
deltagare@example.org with the demo password (the only participant with a password), and has a
meeting booked, a planned assessment with an agreed adaptation, and a note shared by the coach."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from app.auth.models import User
from app.auth.services import hash_password
from app.cases.models import Case, JournalEntry, Participant, Summons
from app.cases.vocab import JournalKind, SummonsDelivery, SummonsPurpose
from app.db import today
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.portal.models import PortalSettings
from app.portal.services import give_access

EMAIL = "deltagare@example.org"
PERSON = ("Mikael", "Öberg")
SHARED_NOTE = (
    "Bra möte idag. Du berättade om ditt arbete på lagret. Nästa steg är den praktiska "
    "bedömningen. Ta med skyddsskor."
)


def load() -> int:
    """Give the demo participant their account, meeting and shared note; creates one account."""
    if db.session.scalar(sa.select(User.id).where(User.email == EMAIL)) is not None:
        return 0
    first, last = PERSON
    person = db.session.scalar(
        sa.select(Participant).where(Participant.first_name == first, Participant.last_name == last)
    )
    case = db.session.scalar(sa.select(Case).where(Case.participant_id == person.id))
    person.email = EMAIL
    account = give_access(person, case.coach)
    account.password_hash = hash_password(DEMO_PASSWORD)
    _meeting(case)
    db.session.add(
        JournalEntry(
            case=case,
            kind=JournalKind.MEETING,
            occurred_on=today() - timedelta(days=3),
            author=case.coach,
            text=SHARED_NOTE,
            is_shared=True,
        )
    )
    db.session.merge(PortalSettings(municipality_id=person.municipality_id, mail_codes=True))
    db.session.flush()
    return 1


def _meeting(case: Case) -> None:
    """A meeting with the coach in two days, at 09:30 Swedish time (08:30 UTC in winter)."""
    day = today() + timedelta(days=2)
    db.session.add(
        Summons(
            case=case,
            purpose=SummonsPurpose.MEETING,
            delivery=SummonsDelivery.MAIL,
            starts_at=datetime.combine(day, time(8, 30), tzinfo=UTC),
            place="Arbetsmarknadsenheten, Nybrogatan 3, Härnösand",
            bring="Betyg och intyg från tidigare jobb, om du har dem.",
            contact_name=case.coach.name,
            contact_phone="0611-34 80 00",
            language="sv",
            sent_by=case.coach,
        )
    )
