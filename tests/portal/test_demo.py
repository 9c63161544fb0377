"""Under `make run` the demo participant signs in with the demo password and finds their plan,
their next meeting and their assessment (the only participant with a password), their own
answers and the file they sent (which their coach finds in the mapping, marked as the
participant's), their consents, their certificate and their data."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.demo.learning import SENT_TITLE
from app.extensions import db
from app.mapping.models import Evidence
from app.mapping.vocab import EvidenceStatus
from app.vocab import Role
from tests.conftest import WEAK_HASHER

EMAIL, PASSWORD = "deltagare@example.org", "validera-demo"


@pytest.fixture(scope="session")
def app(demo_app):
    return demo_app


@pytest.fixture(autouse=True)
def _weak_hasher(monkeypatch):
    monkeypatch.setattr("app.auth.services._hasher", WEAK_HASHER)


def test_the_demo_participant_signs_in_with_the_demo_password_and_sees_their_plan(client):
    signed = client.login(EMAIL, password=PASSWORD)
    assert signed.status_code == 302
    assert client.get("/").location == "/my/"
    page = client.get("/my/").get_data(as_text=True)
    assert "Hej Mikael!" in page and "Nybrogatan 3" in page  # the meeting booked
    assert "Bedömning:" in page and "Förlängd tid" in page  # the assessment, its adaptation
    assert "Muntliga instruktioner och förlängd provtid." in page  # agreed with the coach
    plan = client.get("/my/plan").get_data(as_text=True)
    assert "Validera enheterna inom lokalvård" in plan and "Ta med skyddsskor" in plan
    assert "Telefonsamtal om tider" not in plan  # the coach's own entries stay the coach's


def test_the_demo_participant_is_the_only_participant_with_a_password(app):
    from app.auth.services import has_usable_password

    participants = db.session.scalars(
        sa.select(User).where(User.role_rows.any(role=Role.PARTICIPANT))
    ).all()
    with_password = [user.email for user in participants if has_usable_password(user)]
    assert with_password == [EMAIL]


def test_the_demo_participant_has_answers_and_a_file_that_waits_and_the_coach_sees_them(client):
    client.login(EMAIL, password=PASSWORD)
    can_do = client.get("/my/can-do").get_data(as_text=True)
    assert "Ja, det kan jag" in can_do and "Lärt sig: På ett hotell i Sundsvall" in can_do
    assert "Du har inte svarat än." in can_do  # outcomes left to answer
    mine = client.get("/my/evidence").get_data(as_text=True)
    assert SENT_TITLE in mine and "Väntar på handledaren" in mine
    sent = db.session.scalar(sa.select(Evidence).where(Evidence.title == SENT_TITLE))
    assert sent.status == EvidenceStatus.WAITING and sent.file_key
    response = client.get(f"/my/evidence/{sent.id}/file")
    assert response.status_code == 200 and response.get_data().startswith(b"%PDF")
    response.close()

    account = db.session.scalar(sa.select(User).where(User.email == EMAIL))
    coach = sent.mapping.case.coach
    assert sent.created_by_id == account.id
    client.login(coach.email, password=PASSWORD)
    show = client.get(f"/mapping/{sent.mapping_id}").get_data(as_text=True)
    assert "Underlag från deltagaren" in show and SENT_TITLE in show
    assert "Från deltagaren" in show and "Lärt sig: På ett hotell i Sundsvall" in show


def test_the_demo_participant_has_consents_a_certificate_and_their_data(client):
    assert client.login(EMAIL, password=PASSWORD).status_code == 302
    consents = client.get("/my/consents").get_data(as_text=True)
    assert consents.count("Ja, du har sagt ja.") == 2  # registration and employers
    assert "Du har inte sagt ja till detta." in consents  # another municipality
    assert "/my/consents/employers/withdraw" in consents
    listing = client.get("/my/certificates").get_data(as_text=True)
    assert "Lokalvård" in listing or "lokalvård" in listing.lower()
    assert "Giltigt" in listing
    link = next(part for part in listing.split('"') if part.startswith("/my/certificates/"))
    page = client.get(link).get_data(as_text=True)
    assert "Mikael Öberg" in page and "/verify/" in page and 'class="qr"' in page
    assert client.get(link + "/pdf").mimetype == "application/pdf"
    assert client.get(link + "/badge.jwt").mimetype == "application/jwt"
    data = client.get("/my/data").get_data(as_text=True)
    assert "Vem som har läst dina uppgifter" in data
    assert "Arbetsmarknadshandledare" in data  # the demo coach has read his case
