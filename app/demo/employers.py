"""Demo competence needs, candidate profiles, contacts, introductions and a placement.

Builds on the earlier loaders: Sofia Lindberg (matching) and Dragan Petrović (placed) share
their profiles with employers; Ahmad Rahimi, certified, agrees to share his and his coach starts
matching. The needs of both demo employers match them fully or partly. Every introduction state
is present, and Dragan's employment at Städ & Service has one follow-up done and one to come.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.auth.models import User
from app.cases.models import Case, Participant
from app.cases.services.cases import transition_case
from app.cases.services.participants import record_consent
from app.cases.vocab import ConsentKind
from app.cases.workflow import Move, Stage
from app.db import today, utcnow
from app.employers.models import (
    CandidateProfile,
    CompetenceNeed,
    EmployerContact,
    Introduction,
    NeedUnit,
    Placement,
    PlacementFollowUp,
)
from app.employers.services.placements import follow_up_dates
from app.employers.vocab import (
    ContactKind,
    IntroductionStatus,
    NeedForm,
    PlacementForm,
    WorkingTime,
)
from app.extensions import db
from app.frameworks.models import Framework, Unit
from app.frameworks.vocab import FrameworkStatus
from app.organisations.models import Employer
from app.refusals import Refused

CLEANING, LOGISTICS = "5560360793", "5565948857"  # the demo employers' organisation numbers

# employer, title, form, positions, start in days, hours, required, desired, adaptations
NEEDS = [
    (
        CLEANING,
        "Lokalvårdare, kontor dagtid",
        NeedForm.PERMANENT,
        2,
        30,
        "Vardagar 06–14",
        ["LOK-101", "LOK-102"],
        ["LOK-103"],
        "Fast arbetslag och skriftliga rutiner på svenska och engelska.",
    ),
    (
        CLEANING,
        "Lokalvårdare med golvvård",
        NeedForm.FIXED_TERM,
        1,
        45,
        "Kvällar 16–22",
        ["LOK-101", "LOK-201"],
        ["LOK-202"],
        None,
    ),
    (
        LOGISTICS,
        "Lagermedarbetare, godsmottagning",
        NeedForm.WORK_TRIAL,
        2,
        14,
        "Dagtid 07–16",
        ["LOG-101", "LOG-102"],
        ["LOG-201"],
        "Handledare på plats de första veckorna.",
    ),
    (
        LOGISTICS,
        "Lokalvårdare till lager och kontor",
        NeedForm.SUBSIDISED,
        1,
        21,
        "75 procent, dagtid",
        ["LOK-101"],
        ["LOK-001"],
        "Anpassad arbetstid under introduktionen.",
    ),
]

PROFILES = {
    ("Sofia", "Lindberg"): (None, WorkingTime.FULL_TIME, "Lokalvårdare, lokalvårdsledare"),
    ("Dragan", "Petrović"): (None, WorkingTime.FULL_TIME, "Lokalvårdare, vaktmästare"),
    ("Ahmad", "Rahimi"): (30, WorkingTime.EITHER, "Lokalvårdare, lagerarbetare"),
}

# employer, days ago, kind, attendees, notes, follow-up in days, follow-up
CONTACTS = [
    (
        CLEANING,
        60,
        ContactKind.BUSINESS_BREAKFAST,
        "Johan Berglund, Karin Lindqvist",
        "Företagsfrukost på Kulturmagasinet. Företaget växer och behöver lokalvårdare till nya "
        "kontorskunder.",
        14,
        "Visa hur validerade kandidater presenteras.",
    ),
    (
        CLEANING,
        40,
        ContactKind.WORKPLACE_VISIT,
        "Johan Berglund, arbetsledare Eva Nyström, Karin Lindqvist",
        "Besök på arbetsplatsen. Gick igenom vilka enheter i lokalvård som krävs "
        "och vilka anpassningar de kan erbjuda.",
        None,
        None,
    ),
    (
        LOGISTICS,
        25,
        ContactKind.MEETING,
        "Fatima Hassan, Sara Nordin, Karin Lindqvist",
        "Möte om behov av lagermedarbetare inför högsäsongen. Öppna för arbetsprövning.",
        10,
        "Återkoppla om kandidater med truckkort.",
    ),
    (
        LOGISTICS,
        5,
        ContactKind.PHONE_CALL,
        "Fatima Hassan, Karin Lindqvist",
        "Uppföljning av presentationerna. Vill gärna träffa fler kandidater.",
        None,
        None,
    ),
]


def _employer(org_number: str) -> Employer | None:
    return db.session.scalar(sa.select(Employer).where(Employer.org_number == org_number))


def _case(first: str, last: str) -> Case | None:
    return db.session.scalars(
        sa.select(Case)
        .join(Case.participant)
        .where(Participant.first_name == first, Participant.last_name == last)
        .order_by(Case.id)
    ).first()


def _unit(code: str) -> Unit | None:
    return db.session.scalars(
        sa.select(Unit)
        .join(Unit.framework)
        .where(Unit.code == code, Framework.status == FrameworkStatus.PUBLISHED)
        .order_by(Framework.version.desc())
    ).first()


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _needs() -> dict[str, CompetenceNeed]:
    """The demo needs, added when missing, by title."""
    result = {}
    author = _user("employer@example.org")
    for org, title, form, positions, start, hours, required, desired, offers in NEEDS:
        employer = _employer(org)
        need = db.session.scalar(
            sa.select(CompetenceNeed).where(
                CompetenceNeed.employer_id == employer.id, CompetenceNeed.title == title
            )
        )
        if need is None:
            units = [(_unit(c), True) for c in required] + [(_unit(c), False) for c in desired]
            need = CompetenceNeed(
                employer=employer,
                title=title,
                form=form,
                positions=positions,
                starts_on=today() + timedelta(days=start),
                working_hours=hours,
                municipality_id=employer.municipality_id,
                adaptations_offered=offers,
                ssyk_code="9111" if "Lokal" in title else "9332",
                created_by=author if org == CLEANING else None,
                units=[NeedUnit(unit_id=u.id, is_required=r) for u, r in units if u],
            )
            db.session.add(need)
        result[title] = need
    db.session.flush()
    return result


def _start_matching_for_ahmad() -> None:
    """Ahmad agrees to share his profile; his coach moves the certified case to matching.

    Both happen only together: without a certificate (no certificates loader) nothing changes.
    """
    case = _case("Ahmad", "Rahimi")
    if case is None or case.stage is not Stage.CERTIFIED:
        return
    try:
        with db.session.begin_nested():
            if not case.participant.has_consent(ConsentKind.EMPLOYERS):
                record_consent(
                    case.participant,
                    ConsentKind.EMPLOYERS,
                    given=True,
                    effective_on=today() - timedelta(days=6),
                    note="Samtycker till att profilen visas för arbetsgivare.",
                    actor=case.coach,
                )
            move = Move(to=Stage.MATCHING, reason="Redo att möta arbetsgivare.")
            transition_case(case, move, case.coach)
    except Refused:
        db.session.expire(case)


def _profiles() -> None:
    for (first, last), (days, working_time, wishes) in PROFILES.items():
        case = _case(first, last)
        if case is None:
            continue
        exists = db.session.scalar(
            sa.select(CandidateProfile.id).where(
                CandidateProfile.participant_id == case.participant_id
            )
        )
        if exists is None:
            db.session.add(
                CandidateProfile(
                    participant_id=case.participant_id,
                    available_from=today() + timedelta(days=days) if days else None,
                    working_time=working_time,
                    desired_occupations=wishes,
                    updated_by_id=case.coach_id,
                )
            )


def _contacts() -> None:
    coach = _user("coach@example.org")
    for org, days, kind, attendees, notes, follow_days, follow_up in CONTACTS:
        employer = _employer(org)
        occurred = today() - timedelta(days=days)
        exists = db.session.scalar(
            sa.select(EmployerContact.id).where(
                EmployerContact.employer_id == employer.id,
                EmployerContact.occurred_on == occurred,
                EmployerContact.kind == kind,
            )
        )
        if exists is None:
            db.session.add(
                EmployerContact(
                    employer=employer,
                    kind=kind,
                    occurred_on=occurred,
                    attendees=attendees,
                    notes=notes,
                    follow_up_on=occurred + timedelta(days=follow_days) if follow_days else None,
                    follow_up=follow_up,
                    coach=coach,
                )
            )


# need title, participant, status, days ago, employer's message, shared contact or reason
INTRODUCTIONS = [
    (
        "Lokalvårdare, kontor dagtid",
        ("Dragan", "Petrović"),
        IntroductionStatus.ACCEPTED,
        75,
        "Vi söker en erfaren lokalvårdare till ett nytt kontorsuppdrag.",
        "070-318 42 77",
    ),
    (
        "Lokalvårdare, kontor dagtid",
        ("Sofia", "Lindberg"),
        IntroductionStatus.DECLINED,
        20,
        "Passar er tjänsten på dagtid?",
        "Vill hellre arbeta i Timrå, närmare hemmet.",
    ),
    (
        "Lokalvårdare till lager och kontor",
        ("Sofia", "Lindberg"),
        IntroductionStatus.ASKED,
        6,
        "Kan hon börja med en kortare arbetsprövning?",
        None,
    ),
    (
        "Lokalvårdare till lager och kontor",
        ("Ahmad", "Rahimi"),
        IntroductionStatus.REQUESTED,
        2,
        "Vi vill gärna träffa kandidaten.",
        None,
    ),
]


def _introductions(needs: dict[str, CompetenceNeed]) -> dict[str, Introduction]:
    made = {}
    for title, (first, last), status, days, message, answer in INTRODUCTIONS:
        need, case = needs[title], _case(first, last)
        if case is None:
            continue
        item = db.session.scalar(
            sa.select(Introduction).where(
                Introduction.need_id == need.id,
                Introduction.participant_id == case.participant_id,
            )
        )
        if item is None:
            at = utcnow() - timedelta(days=days)
            employer_user = _user(
                "employer@example.org"
                if need.employer.org_number == CLEANING
                else "employer@other.example.org"
            )
            item = Introduction(
                need=need,
                employer_id=need.employer_id,
                participant_id=case.participant_id,
                status=status,
                message=message,
                requested_by=employer_user,
                created_at=at,
                updated_at=at,
            )
            if status is not IntroductionStatus.REQUESTED:
                item.asked_at = at + timedelta(days=1)
            if status in (IntroductionStatus.ACCEPTED, IntroductionStatus.DECLINED):
                item.decided_at, item.decided_by = at + timedelta(days=2), case.coach
            if status is IntroductionStatus.ACCEPTED:
                item.shared_contact = answer
            if status is IntroductionStatus.DECLINED:
                item.decline_reason = answer
            db.session.add(item)
        made[f"{first} {last}"] = item
    db.session.flush()
    return made


def _placement(needs: dict[str, CompetenceNeed], introduction: Introduction | None) -> None:
    """Dragan's employment after his accepted introduction; the four-week follow-up is done."""
    case = _case("Dragan", "Petrović")
    if case is None or introduction is None:
        return
    if db.session.scalar(sa.select(Placement.id).where(Placement.case_id == case.id)):
        return
    need = needs["Lokalvårdare, kontor dagtid"]
    starts = today() - timedelta(days=60)
    placement = Placement(
        case=case,
        participant_id=case.participant_id,
        employer_id=need.employer_id,
        need=need,
        introduction=introduction,
        form=PlacementForm.EMPLOYMENT,
        starts_on=starts,
        hours_per_week=40,
        supervisor_name="Eva Nyström",
        supervisor_contact="070-552 19 03",
        agreed_adaptations="Instruktioner med bilder; fast städområde de första månaderna.",
        created_by_id=case.coach_id,
    )
    dates = follow_up_dates(starts)
    placement.follow_ups = [
        PlacementFollowUp(point=point, due_on=due) for point, due in dates.items()
    ]
    first = placement.follow_ups[0]
    first.done_at = utcnow() - timedelta(days=30)
    first.done_by_id = case.coach_id
    first.still_in_place = True
    first.notes = "Trivs bra. Arbetsledaren nöjd; önskar fler timmar med golvvård."
    db.session.add(placement)


def load() -> int:
    """Add the employers area's demo data that is missing; creates no accounts."""
    if _employer(CLEANING) is None or _employer(LOGISTICS) is None:
        return 0
    _start_matching_for_ahmad()
    needs = _needs()
    _profiles()
    _contacts()
    introductions = _introductions(needs)
    _placement(needs, introductions.get("Dragan Petrović"))
    db.session.flush()
    return 0
