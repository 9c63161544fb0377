"""Under `make run` the demo participant signs in with the demo password and finds their plan,
their next meeting and their assessment (the only participant with a password)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
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
