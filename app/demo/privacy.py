"""Demo data of the data-protection area: a case closed long ago, due for anonymisation.

`flask --app app retention --dry-run` lists it; the retention page shows it. The participant is
found again by the moment they were registered, which anonymisation keeps.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from app.auth.models import User
from app.cases.models import Case, ConsentEvent, JournalEntry, Participant, Referral, Transition
from app.cases.personal_numbers import with_check_digit
from app.cases.vocab import (
    ConsentKind,
    Education,
    Gender,
    JournalKind,
    LabourMarketStatus,
    Outcome,
    ReferralSource,
    ReferralStatus,
)
from app.cases.workflow import Stage
from app.extensions import db
from app.organisations.models import Municipality

REGISTERED = datetime(2018, 9, 3, 9, 0, tzinfo=UTC)
CLOSED = datetime(2019, 6, 14, 14, 30, tzinfo=UTC)
STEPS = [
    (None, Stage.REFERRED, datetime(2018, 9, 3, 9, 0, tzinfo=UTC)),
    (Stage.REFERRED, Stage.INTAKE, datetime(2018, 9, 10, 10, 0, tzinfo=UTC)),
    (Stage.INTAKE, Stage.MAPPING, datetime(2018, 10, 1, 13, 0, tzinfo=UTC)),
    (Stage.MAPPING, Stage.CLOSED, CLOSED),
]


def _exists(home: Municipality) -> bool:
    query = sa.select(Participant.id).where(
        Participant.municipality_id == home.id, Participant.created_at == REGISTERED
    )
    return db.session.scalar(query) is not None


def load() -> int:
    """Add Bengt Lund's case, closed in 2019, unless it is there (or was anonymised)."""
    home = db.session.scalar(sa.select(Municipality).where(Municipality.code == "2280"))
    coach = db.session.scalar(sa.select(User).where(User.email == "coach@example.org"))
    if home is None or coach is None or _exists(home):
        return 0
    person = Participant(
        municipality=home,
        personal_number=with_check_digit("19620817153"),
        first_name="Bengt",
        last_name="Lund",
        city="Härnösand",
        phone="070-153 12 34",
        gender=Gender.MAN,
        education=Education.ISCED_3_4,
        status_at_entry=LabourMarketStatus.INCOME_SUPPORT,
        created_at=REGISTERED,
        updated_at=CLOSED,
    )
    referral = Referral(
        municipality=home,
        participant=person,
        source=ReferralSource.SOCIAL_SERVICES,
        referring_officer="Eva Strömberg",
        referred_on=date(2018, 8, 30),
        reason="Lång tid med försörjningsstöd; erfarenhet av lager som behöver synliggöras.",
        status=ReferralStatus.ACCEPTED,
        decided_by=coach,
        decided_at=REGISTERED,
        created_at=REGISTERED,
        updated_at=REGISTERED,
    )
    case = Case(
        participant=person,
        municipality=home,
        coach=coach,
        referral=referral,
        stage=Stage.CLOSED,
        stage_entered_at=CLOSED,
        outcome=Outcome.MOVED,
        status_at_exit=LabourMarketStatus.INCOME_SUPPORT,
        closed_at=CLOSED,
        goal="Arbete inom lager och logistik.",
        created_at=REGISTERED,
        updated_at=CLOSED,
    )
    db.session.add_all([person, referral, case])
    for before, after, at in STEPS:
        db.session.add(Transition(case=case, from_stage=before, to_stage=after, actor=coach, at=at))
    db.session.add_all(
        [
            ConsentEvent(
                participant=person,
                kind=ConsentKind.REGISTRATION,
                is_given=True,
                effective_on=date(2018, 9, 10),
                recorded_by=coach,
                recorded_at=datetime(2018, 9, 10, 10, 5, tzinfo=UTC),
            ),
            JournalEntry(
                case=case,
                kind=JournalKind.NOTE,
                occurred_on=date(2019, 6, 14),
                author=coach,
                text="Bengt flyttar till Umeå och avslutar valideringen här.",
                created_at=CLOSED,
            ),
        ]
    )
    db.session.flush()
    return 0
