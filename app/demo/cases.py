"""Demo participants, referrals and cases: every stage, a paused, a transferred, a protected one."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.auth.models import User
from app.cases.models import (
    Adaptation,
    Assignment,
    Case,
    ConsentEvent,
    FollowUp,
    JournalEntry,
    Participant,
    PlanActivity,
    PlanGoal,
    ProbableDuplicate,
    Referral,
    Transfer,
    Transition,
)
from app.cases.personal_numbers import with_check_digit
from app.cases.services.identities import next_reserve_number
from app.cases.vocab import (
    ActivityKind,
    Answer,
    ConsentKind,
    Education,
    Gender,
    JournalKind,
    LabourMarketStatus,
    Outcome,
    PlanStatus,
    ReferralSource,
    ReferralStatus,
    TransferStatus,
)
from app.cases.workflow import Stage
from app.db import today, utcnow
from app.extensions import db
from app.organisations.models import Municipality

HARNOSAND, TIMRA = "2280", "2262"
S = Stage
PATH = [S.REFERRED, S.INTAKE, S.MAPPING, S.ASSESSMENT, S.TRAINING, S.ASSESSMENT, S.VERIFICATION]
PATH += [S.CERTIFIED, S.MATCHING, S.PLACED]

# first|last|birth date and serial|gender|education|status at entry|languages|
# stage|coach
PEOPLE = """
Amina|Hassan|19880314231|woman|isced_0_2|income_support|somaliska, svenska|referred|coach
Johan|Eriksson|19760902153|man|isced_3_4|long_term_unemployed|svenska, engelska|intake|coach
Leila|Karimi|19910521268|woman|isced_5_8|registered_pes|dari, svenska|mapping|coach
Mikael|Öberg|19830117137|man|isced_0_2|income_support|svenska|assessment|coach
Nour|Haddad|19950707288|woman|isced_3_4|registered_pes|arabiska, svenska|training|coach2
Elin|Sundström|19990228246|woman|isced_3_4|inactive|svenska, engelska|verification|coach
Ahmad|Rahimi|19870630191|man|isced_0_2|long_term_unemployed|persiska|certified|coach2
Sofia|Lindberg|19921112204|woman|isced_3_4|registered_pes|svenska|matching|coach
Dragan|Petrović|19710405177|man|isced_3_4|income_support|bosniska, svenska|placed|coach
Maria|Nilsson|19801025228|woman|isced_0_2|long_term_unemployed|svenska|closed|coach2
Ali|Mohammed|19930819155|man|isced_0_2|income_support|tigrinja, arabiska|paused|coach
Kristina|Holm|19850603242|woman|isced_3_4|income_support|svenska|intake|coach
"""
PROTECTED = "Holm"
TRANSFERRED = "Hanna|Berg|19970411282|woman|isced_3_4|registered_pes|svenska"
PENDING = "Omar|Farah|19900101179|man|isced_0_2|income_support|somaliska, svenska"
# first|last|birth date and serial|source|municipality code|returned because
WAITING = """
Yusuf|Abdi|19940923135|social_services|2280|
Emma|Johansson|20010315262|public_employment_service|2280|
Tiina|Mäkinen|19781130286|self_referral|2280|
Patrik|Strand|19860214117|social_services|2280|Remissen saknar mål. Komplettera och skicka igen.
Goran|Marković|19750808193|public_employment_service|2262|
"""
REASONS = {
    ReferralSource.SOCIAL_SERVICES: "Har haft försörjningsstöd i över ett år. Vill komma i arbete "
    "och har erfarenhet som behöver synliggöras.",
    ReferralSource.PUBLIC_EMPLOYMENT_SERVICE: "Anvisad inom rustande insats. Yrkeserfarenhet från "
    "hemlandet saknar dokumentation.",
    ReferralSource.SELF_REFERRAL: "Hörde om validering på ett informationsmöte och vill få sina "
    "kunskaper inom lokalvård erkända.",
}
GOALS = "Få sin yrkeskompetens validerad och gå vidare till anställning inom lager och logistik."


def _number(eleven: str) -> str:
    return with_check_digit(eleven)


def _at(days_ago: float) -> datetime:
    return utcnow() - timedelta(days=days_ago)


def _participant(first, last, eleven, town, **fields) -> Participant:
    participant = Participant(
        first_name=first,
        last_name=last,
        personal_number=_number(eleven),
        municipality=town,
        phone="070-" + eleven[-3:] + " 12 34",
        city=town.name,
        **fields,
    )
    db.session.add(participant)
    return participant


def _esf(gender, education, status, languages) -> dict:
    third = Answer.YES if not languages.startswith("svenska") else Answer.NO
    return {
        "gender": Gender(gender),
        "education": Education(education),
        "status_at_entry": LabourMarketStatus(status),
        "languages": languages,
        "preferred_language": "svenska",
        "needs_interpreter": languages.startswith(("tigrinja", "somaliska")),
        "foreign_background": third,
        "third_country_national": third,
        "has_disability": Answer.NOT_STATED,
    }


def _referral(participant, town, source, days_ago, status, coach=None) -> Referral:
    referral = Referral(
        participant=participant,
        municipality=town,
        source=source,
        referring_officer="Eva Strömberg"
        if source is ReferralSource.SOCIAL_SERVICES
        else "Lars Vikström",
        referrer_contact="0611-34 80 00",
        referred_on=(utcnow() - timedelta(days=days_ago)).date(),
        reason=REASONS.get(source, REASONS[ReferralSource.SOCIAL_SERVICES]),
        goal=GOALS,
        status=status,
        decided_by=coach,
        decided_at=_at(days_ago - 2) if coach else None,
    )
    db.session.add(referral)
    return referral


def _consent(participant, kind, coach, days_ago):
    db.session.add(
        ConsentEvent(
            participant=participant,
            kind=kind,
            is_given=True,
            effective_on=(utcnow() - timedelta(days=days_ago)).date(),
            recorded_by=coach,
            recorded_at=_at(days_ago),
        )
    )


def _walk(case: Case, target: Stage, coach, started_days_ago: int) -> None:
    """Write the history of a case that went from referred to `target`, spread over time."""
    if target is S.PAUSED:
        steps = PATH[: PATH.index(S.TRAINING) + 1] + [S.PAUSED]
    elif target is S.CLOSED:
        steps = PATH + [S.CLOSED]
    else:
        steps = PATH[: len(PATH) - PATH[::-1].index(target)]
    gap = started_days_ago / len(steps)
    previous = None
    for n, stage in enumerate(steps):
        at = _at(started_days_ago - n * gap)
        db.session.add(
            Transition(case=case, from_stage=previous, to_stage=stage, actor=coach, at=at)
        )
        previous, case.stage, case.stage_entered_at = stage, stage, at


def _work(case: Case, coach, n: int) -> None:
    """Journal, plan and follow-ups as a coach would have written them."""
    db.session.add_all(
        [
            JournalEntry(
                case=case,
                kind=JournalKind.MEETING,
                occurred_on=today() - timedelta(days=20 + n),
                author=coach,
                text="Inskrivningssamtal. Gick igenom bakgrund, tidigare arbeten och mål. "
                "Deltagaren är motiverad.",
            ),
            JournalEntry(
                case=case,
                kind=JournalKind.PHONE_CALL,
                occurred_on=today() - timedelta(days=6 + n % 4),
                author=coach,
                text="Telefonsamtal om tider för praktisk bedömning. Bokade möte nästa vecka.",
            ),
            PlanGoal(
                case=case,
                created_at=_at(18 + n),
                description="Validera enheterna inom lokalvård",
                target_date=today() + timedelta(days=60),
                status=PlanStatus.IN_PROGRESS,
            ),
            PlanActivity(
                case=case,
                created_at=_at(16 + n),
                kind=ActivityKind.SFI if n % 2 else ActivityKind.WORK_BASED_LEARNING,
                description="SFI kurs C, tre förmiddagar i veckan"
                if n % 2
                else "Arbetsplatsförlagt lärande hos Städ & Service",
                starts_on=today() - timedelta(days=14),
                ends_on=today() + timedelta(days=70),
                status=PlanStatus.IN_PROGRESS,
            ),
            FollowUp(
                case=case,
                due_on=today() + timedelta(days=(n % 9) - 2),
                purpose="Avstämning av plan och närvaro",
            ),
        ]
    )


def _open_case(participant, town, coach, stage, days, n) -> Case:
    referral = _referral(
        participant, town, ReferralSource.SOCIAL_SERVICES, days + 2, ReferralStatus.ACCEPTED, coach
    )
    case = Case(
        participant=participant,
        municipality=town,
        coach=coach,
        referral=referral,
        stage=S.REFERRED,
        goal=GOALS,
        background="Har arbetat med städ och lager i hemlandet i sex år. Saknar svenska betyg.",
    )
    db.session.add(case)
    db.session.add(Assignment(case=case, to_coach=coach, actor=coach, at=_at(days)))
    _walk(case, stage, coach, days)
    if stage not in (S.REFERRED, S.INTAKE) or participant.last_name == PROTECTED:
        _consent(participant, ConsentKind.REGISTRATION, coach, days - 3)
    if stage in (S.MATCHING, S.PLACED, S.CLOSED):
        _consent(participant, ConsentKind.EMPLOYERS, coach, 20)
    if stage is not S.REFERRED:
        _work(case, coach, n)
    return case


def _finish(case: Case, stage: Stage) -> None:
    if stage is S.PAUSED:
        case.paused_from, case.pause_reason = S.TRAINING, "Sjukskriven efter operation."
        case.planned_return = today() + timedelta(days=45)
    if stage is S.CLOSED:
        case.outcome, case.status_at_exit, case.closed_at = (
            Outcome.EMPLOYED,
            LabourMarketStatus.EMPLOYED,
            case.stage_entered_at,
        )
    if stage is S.ASSESSMENT:
        db.session.add(
            Adaptation(
                case=case,
                created_at=case.stage_entered_at,
                need="Läser långsamt på svenska.",
                agreed="Muntliga instruktioner och förlängd provtid.",
                concerns_assessment=True,
                created_by=case.coach,
            )
        )


def _transfer(
    town_from, town_to, coach_from, coach_to, first, last, eleven, *esf, accepted: bool
) -> None:
    participant = _participant(first, last, eleven, town_from, **_esf(*esf))
    case = _open_case(participant, town_from, coach_from, S.MAPPING, 70, 3)
    _consent(participant, ConsentKind.OTHER_MUNICIPALITY, coach_from, 12)
    transfer = Transfer(
        case=case,
        from_municipality=town_from,
        to_municipality=town_to,
        requested_by=coach_from,
        requested_at=_at(10),
        message=f"{first} flyttar till {town_to.name} och vill fortsätta valideringen där.",
    )
    db.session.add(transfer)
    if accepted:
        transfer.status, transfer.decided_by, transfer.decided_at = (
            TransferStatus.ACCEPTED,
            coach_to,
            _at(8),
        )
        participant.municipality = case.municipality = case.referral.municipality = town_to
        db.session.add(
            Assignment(
                case=case, from_coach_id=coach_from.id, to_coach=coach_to, actor=coach_to, at=_at(8)
            )
        )
        case.coach = coach_to


def _rows(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


def _exists(eleven: str) -> bool:
    number = _number(eleven)
    return db.session.scalar(sa.select(Participant.id).where(Participant.personal_number == number))


def load() -> int:
    """Add the demo participants, referrals and cases that are missing; creates no accounts."""
    towns = {m.code: m for m in db.session.scalars(sa.select(Municipality))}
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    coaches = {"coach": users["coach@example.org"], "coach2": users["coach2@example.org"]}
    other, home = users["coach@other.example.org"], towns[HARNOSAND]
    for n, (first, last, eleven, *esf, stage, coach) in enumerate(_rows(PEOPLE)):
        if _exists(eleven):
            continue
        fields = {"is_protected": last == PROTECTED, **_esf(*esf)}
        participant = _participant(first, last, eleven, home, **fields)
        case = _open_case(participant, home, coaches[coach], Stage(stage), 30 + 12 * n, n)
        _finish(case, Stage(stage))
    if not _exists(_rows(TRANSFERRED)[0][2]):
        _transfer(
            home, towns[TIMRA], coaches["coach"], other, *_rows(TRANSFERRED)[0], accepted=True
        )
    if not _exists(_rows(PENDING)[0][2]):
        _transfer(towns[TIMRA], home, other, coaches["coach"], *_rows(PENDING)[0], accepted=False)
    for first, last, eleven, source, code, returned in _rows(WAITING):
        if _exists(eleven):
            continue
        participant = _participant(first, last, eleven, towns[code])
        referral = _referral(
            participant, towns[code], ReferralSource(source), 3, ReferralStatus.WAITING
        )
        if returned:
            referral.status, referral.decision_reason = ReferralStatus.RETURNED, returned
            referral.decided_by, referral.decided_at = coaches["coach2"], _at(1)
    _reserve_identity(home, coaches["coach"])
    db.session.flush()
    return 0


# A person without a Swedish personal or coordination number, referred by social services in
# Härnösand: a reserve identity. Someone with the same name and date of birth was registered
# with a personal number a year ago, so the referral is flagged as a probable duplicate.
RESERVE = ("Yonas", "Tesfay", "19960815")
RESERVE_ELEVEN = "19960815357"


def _reserve_identity(home: Municipality, coach: User) -> None:
    first, last, born = RESERVE
    found = db.session.scalar(
        sa.select(Participant.id).where(
            Participant.municipality_id == home.id,
            Participant.is_reserve_number.is_(True),
            Participant.first_name == first,
            Participant.last_name == last,
        )
    )
    if found is not None:
        return
    earlier = _participant(first, last, RESERVE_ELEVEN, home, gender=Gender.MAN)
    _referral(earlier, home, ReferralSource.PUBLIC_EMPLOYMENT_SERVICE, 380, ReferralStatus.REJECTED,
              coach).decision_reason = "Flyttade från kommunen."  # fmt: skip
    person = Participant(
        first_name=first,
        last_name=last,
        personal_number=next_reserve_number(home),
        is_reserve_number=True,
        date_of_birth=datetime.strptime(born, "%Y%m%d").date(),
        gender=Gender.MAN,
        municipality=home,
        city=home.name,
        preferred_language="tigrinja",
        needs_interpreter=True,
    )
    referral = _referral(person, home, ReferralSource.SOCIAL_SERVICES, 2, ReferralStatus.WAITING)
    referral.typed_first_name, referral.typed_last_name = first, last
    referral.typed_birth_date = person.date_of_birth
    db.session.flush()
    db.session.add(
        ProbableDuplicate(
            municipality=home, participant=person, candidate=earlier, referral=referral
        )
    )
