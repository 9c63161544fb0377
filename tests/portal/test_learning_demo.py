"""Under `make run` the demo participant finds their own answers and the file they sent, and
their coach finds both in the mapping, marked as the participant's."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.demo.learning import SENT_TITLE
from app.extensions import db
from app.mapping.models import Evidence
from app.mapping.vocab import EvidenceStatus
from tests.conftest import WEAK_HASHER

EMAIL, PASSWORD = "deltagare@example.org", "validera-demo"


@pytest.fixture(scope="session")
def app(demo_app):
    return demo_app


@pytest.fixture(autouse=True)
def _weak_hasher(monkeypatch):
    monkeypatch.setattr("app.auth.services._hasher", WEAK_HASHER)


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
