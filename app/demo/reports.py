"""Demo funding projects, and a year of earlier participants so that statistics say something.

- an ESF project run by the region Västernorrland and a local project of Härnösand;
- earlier participants in Härnösand, Timrå and Sundsvall, referred over the last year by every
  source, whose cases went through the stages at their own pace and closed with every outcome;
  some were rejected at referral, some found work and were followed up after six months;
- the ESF project tags the cases of the region's participants, with their dates.

Deterministic (a fixed seed) and idempotent: a participant whose personal number exists is
left alone, a project whose identity exists is not added again.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from app.auth.models import User
from app.cases.models import Assignment, Case, Participant, Referral, Transition
from app.cases.personal_numbers import with_check_digit
from app.cases.vocab import (
    Answer,
    Education,
    Gender,
    LabourMarketStatus,
    Outcome,
    ReferralSource,
    ReferralStatus,
)
from app.cases.workflow import Stage
from app.db import utcnow
from app.employers.models import Placement, PlacementFollowUp
from app.employers.vocab import FollowUpPoint, PlacementForm, PlacementOutcome
from app.extensions import db
from app.organisations.models import Employer, Municipality, Region
from app.reports.models import FundingParticipation, FundingProject

ESF_CODE, LOCAL_CODE = "2024/00123", "HAR-AMI-2025"
TOWNS = ("2280", "2280", "2280", "2262", "2262", "2281")  # Härnösand twice as often
COACHES = {"2280": "coach2@example.org", "2262": "coach@other.example.org", "2281": None}
FIRST = {
    Gender.WOMAN: ["Sara", "Fatima", "Lina", "Hodan", "Emelie", "Zahra", "Ida", "Marwa", "Anna"],
    Gender.MAN: [
        "Erik",
        "Abdi",
        "Jonas",
        "Hassan",
        "Oskar",
        "Samir",
        "Viktor",
        "Daniel",
        "Mustafa",
    ],
    Gender.NON_BINARY: ["Alex", "Kim"],
    Gender.NOT_STATED: ["Robin", "Charlie"],
}
LAST = ["Ahmed", "Lundgren", "Warsame", "Nyström", "Osman", "Forsberg", "Jama", "Sjödin", "Ali"]
PEOPLE = 48
REJECTED = 6
S = Stage
# How far each earlier case went before it closed, with its outcome and exit status.
ENDINGS = [
    ([S.INTAKE, S.MAPPING], Outcome.DROPPED_OUT, LabourMarketStatus.INCOME_SUPPORT),
    ([S.INTAKE, S.MAPPING, S.ASSESSMENT], Outcome.MOVED, None),
    (
        [S.INTAKE, S.MAPPING, S.ASSESSMENT, S.TRAINING, S.ASSESSMENT],
        Outcome.STUDIES,
        LabourMarketStatus.STUDIES,
    ),
    (
        [S.INTAKE, S.MAPPING, S.ASSESSMENT, S.VERIFICATION, S.CERTIFIED],
        Outcome.OTHER_SUPPORT,
        LabourMarketStatus.REGISTERED_PES,
    ),
    (
        [S.INTAKE, S.MAPPING, S.ASSESSMENT, S.VERIFICATION, S.CERTIFIED, S.MATCHING, S.PLACED],
        Outcome.EMPLOYED,
        LabourMarketStatus.EMPLOYED,
    ),
    (
        [
            S.INTAKE,
            S.MAPPING,
            S.ASSESSMENT,
            S.TRAINING,
            S.ASSESSMENT,
            S.VERIFICATION,
            S.CERTIFIED,
            S.MATCHING,
            S.PLACED,
        ],
        Outcome.EMPLOYED,
        LabourMarketStatus.EMPLOYED,
    ),
]


def _project(code: str, **fields) -> FundingProject:
    found = db.session.scalar(sa.select(FundingProject).where(FundingProject.code == code))
    if found is None:
        found = FundingProject(code=code, **fields)
        db.session.add(found)
        db.session.flush()
    return found


def _person(rng: random.Random, n: int) -> dict:
    gender = rng.choices(list(FIRST), weights=[46, 46, 4, 4])[0]
    born = date(rng.choice([2009, 1999, 1996, 1992, 1988, 1984, 1979, 1975, 1968, 1964]), 1, 1)
    born += timedelta(days=rng.randrange(0, 360))
    return {
        "first_name": rng.choice(FIRST[gender]),
        "last_name": rng.choice(LAST),
        "personal_number": with_check_digit(f"{born:%Y%m%d}{700 + n:03d}"),
        "gender": gender,
        "education": rng.choice([*Education, None]),
        "status_at_entry": rng.choice(
            [
                LabourMarketStatus.INCOME_SUPPORT,
                LabourMarketStatus.INCOME_SUPPORT,
                LabourMarketStatus.REGISTERED_PES,
                LabourMarketStatus.LONG_TERM_UNEMPLOYED,
                LabourMarketStatus.INACTIVE,
            ]
        ),
        "foreign_background": rng.choice([Answer.YES, Answer.YES, Answer.NO, Answer.NOT_STATED]),
        "has_disability": rng.choice([Answer.NO, Answer.NO, Answer.YES, Answer.NOT_STATED]),
        "is_protected": n == 5,
    }


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=utcnow().tzinfo)


def _referral(participant, town, source, on: date, status, coach) -> Referral:
    referral = Referral(
        participant=participant,
        municipality=town,
        source=source,
        referred_on=on,
        reason="Vill få sina yrkeskunskaper erkända och komma närmare arbete.",
        status=status,
        decided_by=coach,
        decided_at=_at(on + timedelta(days=2)),
    )
    db.session.add(referral)
    return referral


def _history(rng: random.Random, case: Case, coach, today: date) -> tuple[date, date]:
    """Transitions from referred through the case's path to closed; returns (start, closed)."""
    path, outcome, exit_status = rng.choice(ENDINGS)
    steps = [S.REFERRED, *path, S.CLOSED]
    days = [
        rng.randint(4, 12) if s in (S.REFERRED, S.INTAKE) else rng.randint(7, 30) for s in steps
    ]
    start = today - timedelta(days=sum(days[:-1]) + rng.randint(2, 330 - sum(days[:-1])))
    day, previous = start, None
    for stage, length in zip(steps, days, strict=True):
        at = _at(day)
        db.session.add(
            Transition(case=case, from_stage=previous, to_stage=stage, actor=coach, at=at)
        )
        previous, case.stage, case.stage_entered_at = stage, stage, at
        day += timedelta(days=length)
    case.outcome, case.status_at_exit, case.closed_at = outcome, exit_status, case.stage_entered_at
    return start, case.closed_at.date()


def _placement(case: Case, employer: Employer, start: date, today: date) -> None:
    """Employment with its four-week and six-month follow-ups, done when their day has come."""
    placement = Placement(
        participant=case.participant,
        case=case,
        employer=employer,
        form=PlacementForm.EMPLOYMENT,
        starts_on=start,
        hours_per_week=40,
        supervisor_name="Johan Berglund",
    )
    stays = case.id % 4 != 0
    for point, months in ((FollowUpPoint.WEEKS_4, 1), (FollowUpPoint.MONTHS_6, 6)):
        due = start + timedelta(days=30 * months)
        done = due <= today
        placement.follow_ups.append(
            PlacementFollowUp(
                point=point,
                due_on=due,
                done_at=_at(due) if done else None,
                still_in_place=(stays or point is FollowUpPoint.WEEKS_4) if done else None,
            )
        )
    if not stays and start + timedelta(days=180) <= today:
        placement.ended_on, placement.outcome = (
            start + timedelta(days=150),
            PlacementOutcome.ENDED_EARLY,
        )
    db.session.add(placement)


def load() -> int:
    """Add the funding projects and the earlier participants that are missing."""
    towns = {m.code: m for m in db.session.scalars(sa.select(Municipality))}
    region = db.session.scalar(sa.select(Region).where(Region.name == "Västernorrland"))
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    employer = db.session.scalar(sa.select(Employer).where(Employer.org_number == "5560360793"))
    today = utcnow().date()
    esf = _project(
        ESF_CODE,
        name="Validering Västernorrland",
        is_esf=True,
        region=region,
        starts_on=date(today.year - 2, 1, 1),
        ends_on=date(today.year + 1, 12, 31),
    )
    _project(
        LOCAL_CODE,
        name="Lokal arbetsmarknadsinsats Härnösand",
        is_esf=False,
        municipality=towns["2280"],
        starts_on=date(today.year - 1, 1, 1),
    )
    for n in range(PEOPLE + REJECTED):
        rng = random.Random(2280 + n)  # each person alike on every run, whoever exists
        person = _person(rng, n)
        code = TOWNS[n % len(TOWNS)]
        # The labour-market sources only: own staff come from their managers (app.demo.staff).
        source = rng.choice([s for s in ReferralSource if s is not ReferralSource.OWN_STAFF])
        if db.session.scalar(
            sa.select(Participant.id).where(
                Participant.personal_number == person["personal_number"]
            )
        ):
            continue
        town, coach = towns[code], users.get(COACHES[code] or "")
        participant = Participant(municipality=town, city=town.name, **person)
        db.session.add(participant)
        if n >= PEOPLE:
            on = today - timedelta(days=rng.randint(5, 330))
            _referral(participant, town, source, on, ReferralStatus.REJECTED, coach)
            continue
        case = Case(participant=participant, municipality=town, coach=coach, stage=S.REFERRED)
        db.session.add(case)
        start, closed = _history(rng, case, coach, today)
        case.referral = _referral(participant, town, source, start, ReferralStatus.ACCEPTED, coach)
        if coach is not None:
            db.session.add(Assignment(case=case, to_coach=coach, actor=coach, at=_at(start)))
        db.session.flush()
        if case.outcome is Outcome.EMPLOYED and employer is not None:
            _placement(case, employer, closed - timedelta(days=20), today)
        if code != "2281" or n % 2:
            db.session.add(
                FundingParticipation(case=case, project=esf, starts_on=start, ends_on=closed)
            )
    _tag_open_cases(towns["2280"], esf)
    db.session.flush()
    return 0


def _tag_open_cases(town: Municipality, project: FundingProject) -> None:
    """Härnösand's cases under way take part in the ESF project from their referral; its own
    staff, validated while employed, do not (app.demo.staff)."""
    tagged = sa.select(FundingParticipation.case_id).where(
        FundingParticipation.project_id == project.id
    )
    query = (
        sa.select(Case, Referral.referred_on)
        .join(Referral, Referral.id == Case.referral_id)
        .where(
            Case.municipality_id == town.id,
            Case.stage.not_in([S.REFERRED, S.CLOSED]),
            Case.id.not_in(tagged),
            Referral.source != ReferralSource.OWN_STAFF,
        )
        .order_by(Case.id)
    )
    for case, referred_on in db.session.execute(query):
        if project.covers(referred_on):
            db.session.add(FundingParticipation(case=case, project=project, starts_on=referred_on))
