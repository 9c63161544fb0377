"""A summons (kallelse) from the case: printed as a PDF or mailed, kept on the case, logged."""

from __future__ import annotations

import io

import pypdf
import pytest
import sqlalchemy as sa

from app.assessments.services.planning import cancel_assessment
from app.audit import AuditEvent
from app.cases.models import Adaptation, Summons
from app.cases.services import summonses as ops
from app.cases.vocab import SummonsDelivery
from app.extensions import db
from app.refusals import Refused
from tests.cases.factories import make_case, make_participant
from tests.mailbox import html_of, smtp_mailbox, text_of

FORM = {
    "purpose": "meeting",
    "day": "2026-12-15",
    "time": "09:30",
    "place": "Storgatan 1, plan 2",
    "bring": "Legitimation\nBetyg",
    "contact_name": "Kim Coach",
    "contact_phone": "070-123 45 67",
    "contact_email": "coach@test.example",
    "note": "",
    "language": "sv",
    "delivery": "print",
}


def _data(**changes):
    from datetime import date, time

    values = {**FORM, "day": date(2026, 12, 15), "time": time(9, 30), **changes}
    return values


def _case(world, **participant):
    values = {"address": "Lingonvägen 3", "postal_code": "987 65", "city": "Hemby", **participant}
    person = make_participant(world.home, **values)
    case = make_case(world["coach"], person)
    db.session.add(Adaptation(case=case, need="Läser långsamt", agreed="Skriftliga instruktioner"))
    db.session.commit()
    return case


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_a_printed_summons_is_plain_swedish_with_no_personal_number(coach_client, world):
    case = _case(world)
    number = case.participant.personal_number
    response = coach_client.post(f"/cases/{case.id}/summons", data=FORM)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    for words in (
        "Hemkommun",
        "Du är kallad till ett möte",
        "Storgatan 1, plan 2",
        "Legitimation",
        "Skriftliga instruktioner",
        "Kim Coach",
        "070-123 45 67",
        "09:30",
        "Lingonvägen 3",
    ):
        assert words in text, words
    assert number not in text.replace("-", "") and number[:8] not in text
    stored = db.session.scalars(sa.select(Summons)).one()
    assert stored.delivery is SummonsDelivery.PRINTED
    audit = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "case.summons_printed")
    ).one()
    assert audit.participant_id == case.participant_id
    page = coach_client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Storgatan 1, plan 2" in page and "Utskriven" in page


def test_protected_identity_prints_without_address_and_is_never_mailed(app, coach_client, world):
    case = _case(world, is_protected=True, email="hemlig@example.org")
    page = coach_client.get(f"/cases/{case.id}/summons").get_data(as_text=True)
    assert 'value="print" checked' in page or "checked" in page
    with smtp_mailbox(app) as mailbox:
        response = coach_client.post(f"/cases/{case.id}/summons", data={**FORM, "delivery": "mail"})
        assert mailbox.received == []
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "skyddad identitet" in page and 'id="delivery-error"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Summons)) == 0
    printed = coach_client.post(f"/cases/{case.id}/summons", data=FORM)
    text = _pdf_text(printed.data)
    assert "Storgatan 1" in text and "Lingonvägen" not in text and "987 65" not in text


def test_a_mailed_summons_arrives_with_text_and_html_and_no_personal_data(app, coach_client, world):
    case = _case(world, email="amina@example.org")
    number = case.participant.personal_number
    with smtp_mailbox(app) as mailbox:
        response = coach_client.post(f"/cases/{case.id}/summons", data={**FORM, "delivery": "mail"})
        received = mailbox.only()
    assert response.status_code == 302
    assert received["To"] == "amina@example.org"
    assert received["Subject"] == "Du är kallad till ett möte"
    text, html = text_of(received), html_of(received)
    for part in (text, html):
        assert "Storgatan 1, plan 2" in part and "Kim Coach" in part
        assert number not in part and number[2:8] not in part
        assert "Lingonvägen" not in part and "Läser långsamt" not in part
    assert db.session.scalars(sa.select(Summons)).one().delivery is SummonsDelivery.MAIL
    assert db.session.scalar(
        sa.select(sa.func.count()).where(AuditEvent.action == "case.summons_mail")
    )


def test_english_when_the_participant_prefers_it(app, coach_client, world):
    case = _case(world, email="amina@example.org", preferred_language="English")
    page = coach_client.get(f"/cases/{case.id}/summons").get_data(as_text=True)
    assert '<option selected value="en">' in page or 'value="en" selected' in page
    with smtp_mailbox(app) as mailbox:
        coach_client.post(
            f"/cases/{case.id}/summons", data={**FORM, "delivery": "mail", "language": "en"}
        )
        received = mailbox.only()
    assert received["Subject"] == "You are called to a meeting"


def test_the_preview_shows_the_letter_and_stores_nothing(coach_client, world):
    case = _case(world)
    response = coach_client.post(f"/cases/{case.id}/summons", data={**FORM, "preview": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Du är kallad till ett möte" in page and "Skriftliga instruktioner" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Summons)) == 0


def test_bad_input_is_shown_at_the_field(coach_client, world):
    case = _case(world)
    response = coach_client.post(
        f"/cases/{case.id}/summons", data={**FORM, "place": "", "time": "25:99"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="place-error"' in page and 'id="time-error"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Summons)) == 0


def test_no_email_is_refused_at_the_field(coach_client, world):
    case = _case(world)
    response = coach_client.post(f"/cases/{case.id}/summons", data={**FORM, "delivery": "mail"})
    assert 'id="delivery-error"' in response.get_data(as_text=True)


def test_only_the_cases_coach_may_summon(client, world):
    case = _case(world)
    other = make_case(world["other_coach"])
    db.session.commit()
    client.login(world["coach"])
    assert client.get(f"/cases/{other.id}/summons").status_code == 404
    client.login(world["coach2"])
    assert client.get(f"/cases/{case.id}/summons").status_code == 404
    client.login(world["admin"])
    assert client.get(f"/cases/{case.id}/summons").status_code == 403


def test_the_service_refuses_mail_under_protected_identity(world):
    case = _case(world, is_protected=True, email="hemlig@example.org")
    with pytest.raises(Refused) as refused:
        ops.mail_summons(case, _data(), world["coach"])
    assert refused.value.field == "delivery"


def test_the_letter_language_follows_the_participant(world):
    assert ops.letter_language(make_participant(world.home, preferred_language="engelska")) == "en"
    assert ops.letter_language(make_participant(world.home, preferred_language="arabiska")) == "sv"


@pytest.fixture
def planned(world):
    """A case with a planned practical assessment (and a cancelled one), and a planned
    assessment of another case."""
    from tests.assessments.factories import plan
    from tests.frameworks.factories import make_framework

    case = _case(world, email="amina@example.org")
    units = make_framework(units=1, outcomes=1, criteria=1).units
    assessment = plan(case, world["assessor"], units, place="Städcentralen, Storgatan 9")
    cancelled = plan(case, world["assessor"], units, place="Skolan")
    cancel_assessment(cancelled, "Sjuk", world["coach"])
    other = plan(make_case(world["coach"]), world["assessor"], units, place="Annanstans")
    db.session.commit()
    return {"case": case, "assessment": assessment, "cancelled": cancelled, "other": other}


def _to_assessment(assessment_id, **changes):
    data = {**FORM, "purpose": "assessment", "assessment": str(assessment_id), **changes}
    return data


def test_a_summons_to_a_planned_assessment_takes_its_date_and_place(app, coach_client, planned):
    case, assessment = planned["case"], planned["assessment"]
    page = coach_client.get(f"/cases/{case.id}/summons").get_data(as_text=True)
    assert f'<option value="{assessment.id}">' in page and "Städcentralen, Storgatan 9" in page
    assert f'value="{planned["cancelled"].id}"' not in page
    assert f'value="{planned["other"].id}"' not in page
    preview = coach_client.post(
        f"/cases/{case.id}/summons",
        data=_to_assessment(assessment.id, day="", place="", preview="1"),
    ).get_data(as_text=True)
    assert "Du är kallad till en praktisk bedömning" in preview
    assert f'value="{assessment.scheduled_on.isoformat()}"' in preview  # the form, filled in
    with smtp_mailbox(app) as mailbox:
        response = coach_client.post(
            f"/cases/{case.id}/summons",
            data=_to_assessment(assessment.id, day="", place="", delivery="mail"),
        )
        received = mailbox.only()
    assert response.status_code == 302
    stored = db.session.scalars(sa.select(Summons)).one()
    assert stored.assessment_id == assessment.id
    assert stored.starts_at.date() == assessment.scheduled_on
    assert stored.place == "Städcentralen, Storgatan 9"
    assert received["Subject"] == "Du är kallad till en praktisk bedömning"
    assert "Det är en praktisk bedömning. Du visar vad du kan göra." in text_of(received)


def test_the_coach_may_write_another_place_for_the_assessment(coach_client, planned):
    case, assessment = planned["case"], planned["assessment"]
    response = coach_client.post(
        f"/cases/{case.id}/summons", data=_to_assessment(assessment.id, place="Entré B")
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    assert "Entré B" in text and "Du är kallad till en praktisk" in text
    stored = db.session.scalars(sa.select(Summons)).one()
    assert (stored.place, stored.assessment_id) == ("Entré B", assessment.id)


def test_the_mail_in_english_names_the_kind(app, coach_client, planned):
    case, assessment = planned["case"], planned["assessment"]
    with smtp_mailbox(app) as mailbox:
        coach_client.post(
            f"/cases/{case.id}/summons",
            data=_to_assessment(assessment.id, delivery="mail", language="en"),
        )
        received = mailbox.only()
    assert received["Subject"] == "You are called to a practical assessment"
    assert "This message was sent by Validera. Do not reply to it." in text_of(received)


@pytest.mark.parametrize(
    "value", ["cancelled", "other", str(2**63), "-1", "abc", "1e3", " ", "9" * 400]
)
def test_an_assessment_that_is_not_one_of_the_cases_planned_is_refused_at_the_field(
    coach_client, planned, value
):
    chosen = str(planned[value].id) if value in planned else value
    response = coach_client.post(
        f"/cases/{planned['case'].id}/summons", data=_to_assessment(chosen)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="assessment-error"' in page
    assert "Välj en av ärendets planerade bedömningar, eller ingen." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Summons)) == 0


def test_a_meeting_names_no_assessment(coach_client, planned):
    response = coach_client.post(
        f"/cases/{planned['case'].id}/summons",
        data=_to_assessment(planned["assessment"].id, purpose="meeting"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="assessment-error"' in page
    assert "Bara en kallelse till en bedömning anger en planerad bedömning" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Summons)) == 0


def test_the_service_refuses_an_assessment_of_another_case(world, planned):
    for data in (
        _data(purpose="assessment", assessment=planned["other"].id),
        _data(purpose="meeting", assessment=planned["assessment"].id),
    ):
        with pytest.raises(Refused) as refused:
            ops.print_summons(planned["case"], data, world["coach"])
        assert refused.value.field == "assessment"


def test_a_summons_outlives_its_assessment(world, planned):
    summons, _ = ops.print_summons(
        planned["case"],
        _data(purpose="assessment", assessment=planned["assessment"].id),
        world["coach"],
    )
    from app.assessments.models import Assessment, AssessmentUnit

    assessment_id = planned["assessment"].id
    db.session.execute(
        sa.delete(AssessmentUnit).where(AssessmentUnit.assessment_id == assessment_id)
    )
    db.session.execute(sa.delete(Assessment).where(Assessment.id == assessment_id))
    db.session.expire_all()
    assert db.session.get(Summons, summons.id).assessment_id is None
