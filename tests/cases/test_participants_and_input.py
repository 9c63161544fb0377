"""Participant details, hostile input on every form, and views other areas may grant."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from app.cases import facts
from app.cases.models import Adaptation, JournalEntry, PlanGoal
from app.cases.vocab import Education, Gender
from app.cases.workflow import Stage
from app.extensions import db
from tests.cases.factories import make_case, make_participant, personal_number

VERSION_RE = re.compile(r'name="version" (?:type="hidden" )?value="(\d+)"')

DETAILS = {
    "first_name": "Amina",
    "last_name": "Hassan",
    "address": "Storgatan 1",
    "postal_code": "871 31",
    "city": "Härnösand",
    "phone": "070-123 45 67",
    "email": "amina@example.org",
    "preferred_language": "somaliska",
    "needs_interpreter": "y",
    "languages": "somaliska, svenska",
    "gender": "woman",
    "education": "isced_0_2",
    "status_at_entry": "income_support",
    "foreign_background": "yes",
    "third_country_national": "yes",
    "has_disability": "not_stated",
}


def test_the_assigned_coach_edits_the_participants_esf_details(coach_client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    participant = case.participant
    page = coach_client.get(f"/cases/participants/{participant.id}/edit").get_data(True)
    version = VERSION_RE.search(page).group(1)
    response = coach_client.post(
        f"/cases/participants/{participant.id}/edit", data={**DETAILS, "version": version}
    )
    assert response.status_code == 302
    assert participant.gender is Gender.WOMAN and participant.education is Education.ISCED_0_2
    assert participant.needs_interpreter and participant.city == "Härnösand"
    stale = coach_client.post(
        f"/cases/participants/{participant.id}/edit",
        data={**DETAILS, "first_name": "Annan", "version": version},
    )
    assert "någon annan sparade" in coach_client.get(stale.location).get_data(True).lower()
    assert participant.first_name == "Amina"


HOSTILE = [
    {"first_name": "x" * 101},
    {"first_name": "Ami\x00na"},
    {"postal_code": "<script>"},
    {"phone": "ring mig"},
    {"email": "inte-en-adress"},
    {"gender": "alien"},
    {"education": "phd"},
    {"languages": "y" * 301},
]


@pytest.mark.parametrize("change", HOSTILE)
def test_hostile_participant_details_are_refused_at_the_field(coach_client, world, change):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    participant = case.participant
    before = participant.first_name
    response = coach_client.post(
        f"/cases/participants/{participant.id}/edit",
        data={**DETAILS, **change, "version": participant.version},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="field-error"' in page
    assert "<script>" not in page.split("<main", 1)[1]
    db.session.refresh(participant)
    assert participant.first_name == before


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("journal", {"kind": "meeting", "occurred_on": "2026-02-30", "text": "Möte"}),
        ("journal", {"kind": "meeting", "occurred_on": "2026-11-01", "text": "a\x00b"}),
        ("journal", {"kind": "<script>", "occurred_on": "2026-11-01", "text": "Möte"}),
        ("plan/goals", {"description": "Mål", "target_date": "99999-01-01"}),
        ("plan/goals", {"description": "", "target_date": ""}),
        ("plan/activities", {"kind": "sfi", "description": "x" * 501}),
        ("plan/follow-ups", {"due_on": "0001-01-01", "purpose": "Ring"}),
        ("adaptations", {"need": ""}),
    ],
)
def test_hostile_work_input_stores_nothing(coach_client, world, url, data):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    response = coach_client.post(f"/cases/{case.id}/{url}", data=data)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    for model in (JournalEntry, PlanGoal, Adaptation):
        assert db.session.scalar(sa.select(sa.func.count(model.id))) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/cases/99999999999999999999",
        "/cases/2147483648/plan",
        "/cases/participants/99999999999999999999",
        "/cases/referrals/99999999999999999999",
        "/cases/transfers/99999999999999999999",
        "/cases/?page=99999999999999999999",
        "/cases/?page=²",
    ],
)
def test_impossible_ids_and_pages_never_fail(coach_client, url):
    assert coach_client.get(url).status_code in (200, 404)


def test_a_row_of_another_case_is_not_found(coach_client, world):
    mine = make_case(world["coach"], stage=Stage.MAPPING)
    theirs = make_case(world["coach"], stage=Stage.MAPPING)
    coach_client.post(f"/cases/{theirs.id}/adaptations", data={"need": "Behov"})
    adaptation = db.session.scalar(sa.select(Adaptation))
    assert (
        coach_client.post(f"/cases/{mine.id}/adaptations/{adaptation.id}/remove").status_code == 404
    )


def test_pages_in_english(client, world):
    world["coach"].locale = "en"
    case = make_case(world["coach"], stage=Stage.INTAKE)
    client.login(world["coach"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Mapping cannot start before the participant" in page
    assert "Timeline" in page


@pytest.fixture
def assessor_may_view(app, world):
    """An area (assessments) grants the home assessor a view of every case, as it will do."""

    def viewer(user, case):
        return user.id == world["assessor"].id

    facts.case_viewer(app, viewer)
    yield
    app.extensions["validera.case_viewers"].remove(viewer)


def test_a_viewer_granted_by_another_area_sees_no_journal_and_only_assessment_adaptations(
    client, world, assessor_may_view
):
    case = make_case(world["coach"], stage=Stage.ASSESSMENT, background="Socialtjänstens bakgrund")
    db.session.add_all(
        [
            Adaptation(case=case, need="Förlängd provtid", concerns_assessment=True),
            Adaptation(case=case, need="Kortare arbetsdagar", concerns_workplace=True),
            JournalEntry(case=case, kind="note", occurred_on=case.created_at.date(), text="Privat"),
        ]
    )
    db.session.flush()
    client.login(world["assessor"])
    response = client.get(f"/cases/{case.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Socialtjänstens bakgrund" not in page and "Privat" not in page
    assert client.get(f"/cases/{case.id}/journal").status_code == 403
    adaptations = client.get(f"/cases/{case.id}/adaptations").get_data(as_text=True)
    assert "Förlängd provtid" in adaptations and "Kortare arbetsdagar" not in adaptations
    assert client.post(f"/cases/{case.id}/move", data={"to": "training"}).status_code == 403
    case.participant.phone = "070-987 65 43"
    db.session.flush()
    person = client.get(f"/cases/participants/{case.participant_id}")
    assert person.status_code == 200
    assert "070-987 65 43" not in person.get_data(as_text=True)  # contact is for staff only


def test_the_birth_year_follows_the_personal_number(world):
    participant = make_participant(world.home, personal_number=personal_number(date(1971, 3, 9)))
    db.session.flush()
    assert participant.birth_year == 1971
    participant.personal_number = personal_number(date(2001, 12, 30), coordination=True)
    assert participant.birth_year == 2001
