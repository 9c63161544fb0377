"""The demo account with an authenticator app (`make run`), on the demo data."""

import pytest

from app.demo.second_factor import EMAIL, SECRET
from tests.auth.factories import code_now
from tests.conftest import WEAK_HASHER


@pytest.fixture
def app(demo_app, monkeypatch):
    monkeypatch.setattr("app.auth.services._hasher", WEAK_HASHER)
    return demo_app


def test_the_demo_account_signs_in_with_its_documented_key(app):
    client = app.test_client()
    step = client.post("/login", data={"email": EMAIL, "password": "validera-demo"})
    assert step.location == "/login/code"
    done = client.post("/login/code", data={"code": code_now(SECRET)})
    assert done.location == "/"
    output = app.test_cli_runner().invoke(args=["demo-totp-code"]).output
    assert output.strip() == f"{EMAIL}: {code_now(SECRET)}"


def test_the_other_demo_accounts_sign_in_with_the_password_only(app):
    client = app.test_client()
    step = client.post("/login", data={"email": "coach@example.org", "password": "validera-demo"})
    assert step.location == "/"


def test_loading_the_demo_again_changes_nothing(app):
    from app.auth.factor_models import TotpFactor
    from app.demo import second_factor
    from app.extensions import db

    before = {f.user_id: f.secret for f in db.session.query(TotpFactor)}
    assert second_factor.load() == 0
    assert {f.user_id: f.secret for f in db.session.query(TotpFactor)} == before
