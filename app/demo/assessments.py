"""Demo assessments: every state, and a failed attempt followed by training and a pass.

Härnösand's cases from `app.demo.cases`, each assessed against the framework version it was
mapped against (the cleaning framework, lokalvård, when it has no mapping), through the same
services the pages use:

- Mikael Öberg: a practical assessment planned, a written test scored for the whole unit and
  one scored item by item (an item below its own pass mark), both recorded but not decided;
- Elin Sundström: a unit not yet achieved at the first attempt, complementary training in the
  plan, achieved at the second attempt and waiting for verification;
- Nour Haddad: a decision returned to the assessor with the verifier's comments;
- Ahmad Rahimi, Sofia Lindberg, Dragan Petrović: verified decisions, ready for certificates;
- Hanna Berg (moved to Timrå): assessed by a Härnösand assessor, as cooperating municipalities
  may; one assessment planned, one decided and waiting for Timrå's verification.
"""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from app import uploads
from app.assessments.models import Assessment, AssessmentSettings, AssessmentUnit, ExamItem
from app.assessments.services import decisions, planning, recording
from app.assessments.services.attachments import add_attachment
from app.assessments.services.items import ItemData, add_item
from app.assessments.services.recording import Results, UnitScore
from app.assessments.services.verification import (
    return_decision,
    set_sample_percent,
    sign_recommendation,
    verify_decision,
)
from app.assessments.vocab import AdaptationKind, AssessmentKind, ExamMode, Result
from app.auth.models import User
from app.cases.models import Case, Participant
from app.cases.services.work import add_activity
from app.db import today
from app.demo.frameworks import published
from app.extensions import db
from app.organisations.models import Municipality

TIMRA = "2262"
WORKPLACE = "Städ & Service i Härnösand AB, Nybrogatan 4"
TRAINING_SITE = "Lärcentrum Härnösand, städverkstaden"
IN_SAMPLE = 0.0  # the demo's decisions are all verified by a person
UNITS_NEEDED = 4


def _case(first: str, last: str) -> Case | None:
    query = (
        sa.select(Case)
        .join(Case.participant)
        .where(Participant.first_name == first, Participant.last_name == last)
        .order_by(Case.id)
    )
    return db.session.scalars(query).first()


def _plan(case, units, assessor, days: int, kind=AssessmentKind.PRACTICAL, **extra):
    data = {
        "unit_ids": [u.id for u in units],
        "kind": kind,
        "exam_mode": ExamMode.WRITTEN if kind is AssessmentKind.THEORETICAL else None,
        "place": WORKPLACE if kind is AssessmentKind.PRACTICAL else TRAINING_SITE,
        "scheduled_on": today() + timedelta(days=days),
        "assessor_id": assessor.id,
        "adaptations": extra.pop("adaptations", []),
        **extra,
    }
    return planning.plan_assessment(case, data, case.coach)


def _record(assessment, unmet=(), scores=None):
    entered = Results(scores={u: UnitScore(*s) for u, s in (scores or {}).items()})
    for row in assessment.units:
        for criterion in row.unit.criteria:
            if criterion.id in unmet:
                note = "Moment missades: behöver mer övning innan nästa tillfälle."
                entered.criteria[criterion.id] = (Result.NOT_MET, note)
            else:
                note = "Utfört självständigt och enligt instruktion."
                entered.criteria[criterion.id] = (Result.MET, note)
    recording.record_results(assessment, entered, assessment.assessor)
    return assessment


def _decide(assessment):
    made = []
    for row in assessment.units:
        outcome = decisions.proposal_for(assessment.case_id, row.unit).outcome
        made.append(decisions.decide_unit(assessment, row.unit, outcome, None, assessment.assessor))
    return made


def _verified(case, units, assessor, verifier, days: int) -> None:
    made = _decide(_record(_plan(case, units, assessor, days)))
    sign_recommendation(case, assessor, draw=lambda: IN_SAMPLE)
    for decision in made:
        verify_decision(decision, verifier)


def _planned_and_recorded(case, units, assessor) -> None:
    _plan(
        case,
        units[1:3],
        assessor,
        5,
        adaptations=[AdaptationKind.EXTRA_TIME],
        instructions="Bedömningen sker under ett vanligt arbetspass på kontorsplanet.",
    )
    test = _plan(
        case,
        [units[3]],
        assessor,
        -1,
        kind=AssessmentKind.THEORETICAL,
        adaptations=[AdaptationKind.ORAL_INSTEAD_OF_WRITTEN, AdaptationKind.EXTRA_TIME],
        adaptation_notes="Frågorna läses upp; svaren ges muntligt.",
    )
    _record(test, scores={units[3].id: (24, 18, 30)})


def _item_test(case, unit, assessor) -> None:
    """A written test of one item per criterion; item 2 misses its own pass mark, so its
    criterion is not yet met although the test as a whole is passed."""
    test = _plan(
        case,
        [unit],
        assessor,
        -2,
        kind=AssessmentKind.THEORETICAL,
        instructions="Skriftligt prov med en uppgift per bedömningskriterium.",
    )
    row = test.unit_row(unit.id)
    for n, criterion in enumerate(unit.criteria, start=1):
        data = ItemData(str(n), 6, 4 if n % 2 == 0 else None, (criterion.id,))
        add_item(row, data, assessor)
    scores = {item.id: (2 if item.label == "2" else 5) for item in row.items}
    pass_mark = (sum(item.max_points for item in row.items) * 6) // 10
    entered = Results(scores={unit.id: UnitScore(pass_mark=pass_mark)}, items=scores)
    recording.record_results(test, entered, assessor)


def _has_items(case) -> bool:
    query = (
        sa.select(ExamItem.id)
        .join(ExamItem.assessment_unit)
        .join(AssessmentUnit.assessment)
        .where(Assessment.case_id == case.id)
    )
    return db.session.scalar(query.limit(1)) is not None


def _second_attempt_passed(case, units, assessor, verifier) -> None:
    first_unit, failed_unit = units[1], units[2]
    missed = failed_unit.criteria[-1].id
    first = _decide(_record(_plan(case, [first_unit, failed_unit], assessor, -40), {missed}))
    sign_recommendation(case, assessor, draw=lambda: IN_SAMPLE)
    for decision in first:
        verify_decision(decision, verifier)
    add_activity(
        case,
        {
            "kind": "work_based_learning",
            "description": "Arbetsplatsförlagt lärande: städning av sanitetsutrymmen, två veckor "
            "med handledare.",
            "starts_on": today() - timedelta(days=35),
            "ends_on": today() - timedelta(days=21),
        },
        case.coach,
    )
    second = _record(_plan(case, [failed_unit], assessor, -5))
    _attach(second, failed_unit)
    _decide(second)
    sign_recommendation(case, assessor, draw=lambda: IN_SAMPLE)


def _other_municipality(case, units, assessor) -> None:
    _plan(case, [units[1]], assessor, 12)
    _decide(_record(_plan(case, [units[0]], assessor, -8)))
    sign_recommendation(case, assessor, draw=lambda: IN_SAMPLE)


def _observation_sheet(case, unit) -> bytes:
    """A one-page observation sheet (PDF), as an assessor would scan it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.setTitle("Observationsprotokoll")
    sheet.drawString(72, 770, "Observationsprotokoll")
    sheet.drawString(72, 750, f"Ärende {case.id}, enhet {unit.code} {unit.title}")
    for n, criterion in enumerate(unit.criteria):
        sheet.drawString(72, 720 - 18 * n, f"{criterion.number}  uppfyllt")
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _attach(assessment, unit) -> None:
    data = _observation_sheet(assessment.case, unit)
    upload = FileStorage(io.BytesIO(data), filename="observationsprotokoll.pdf")
    title = "Observationsprotokoll, andra tillfället"
    add_attachment(assessment, title, uploads.store(upload), assessment.assessor)


def _returned(case, units, assessor, verifier) -> None:
    [decision] = _decide(_record(_plan(case, [units[0]], assessor, -12)))
    sign_recommendation(case, assessor, draw=lambda: IN_SAMPLE)
    return_decision(
        decision,
        "Kommentarerna beskriver inte hur momenten utfördes, bara att de utfördes. Komplettera "
        "observationen innan beslutet verifieras.",
        verifier,
    )


def _has_settings(municipality) -> bool:
    query = sa.select(AssessmentSettings.id).where(
        AssessmentSettings.municipality_id == municipality.id
    )
    return db.session.scalar(query) is not None


def _units(case) -> list:
    """The units of the version the case is to be assessed against, in order."""
    framework = next(iter(planning.candidate_frameworks(case)), None)
    if framework is None or len(framework.units) < UNITS_NEEDED:
        framework = published("lokalvard")
    return list(framework.units)


def _builders(assessor, verifier) -> list:
    return [
        ("Mikael", "Öberg", lambda c, u: _planned_and_recorded(c, u, assessor)),
        ("Elin", "Sundström", lambda c, u: _second_attempt_passed(c, u, assessor, verifier)),
        ("Nour", "Haddad", lambda c, u: _returned(c, u, assessor, verifier)),
        ("Ahmad", "Rahimi", lambda c, u: _verified(c, u[:2], assessor, verifier, -30)),
        ("Sofia", "Lindberg", lambda c, u: _verified(c, u[:3], assessor, verifier, -60)),
        ("Dragan", "Petrović", lambda c, u: _verified(c, u[1:4], assessor, verifier, -90)),
        ("Hanna", "Berg", lambda c, u: _other_municipality(c, u, assessor)),
    ]


def load() -> int:
    """Add the demo assessments of the cases that have none yet; creates no accounts."""
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    if published("lokalvard") is None or "assessor@example.org" not in users:
        return 0
    assessor, verifier = users["assessor@example.org"], users["verifier@example.org"]
    for first, last, build in _builders(assessor, verifier):
        case = _case(first, last)
        has_any = case is not None and db.session.scalar(
            sa.select(Assessment.id).where(Assessment.case_id == case.id).limit(1)
        )
        if case is not None and not has_any:
            build(case, _units(case))
    mikael = _case("Mikael", "Öberg")
    if mikael is not None and not _has_items(mikael):
        _item_test(mikael, _units(mikael)[0], assessor)
    timra = db.session.scalar(sa.select(Municipality).where(Municipality.code == TIMRA))
    if timra is not None and not _has_settings(timra):
        # Timrå verifies half, past the first ten cases; set by the demo itself, since the
        # demo's administrator is Härnösand's and sets no other municipality's sampling
        set_sample_percent(timra, 50, None)
    return 0
