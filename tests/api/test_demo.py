"""The demo client of Härnösand gets a token with the secret the README gives."""

from __future__ import annotations

import pytest

from app.demo.api import CLIENT_ID, SECRET
from tests.api.factories import basic, bearer


@pytest.fixture
def app(demo_app):
    return demo_app


def test_the_demo_client_calls_the_api(client):
    answer = client.post(
        "/api/v1/token", data={"grant_type": "client_credentials"}, headers=basic(CLIENT_ID, SECRET)
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    token = answer.get_json()["access_token"]
    cases = client.get("/api/v1/cases", headers=bearer(token)).get_json()
    assert cases["total"] > 0
    assert SECRET == "validera-demo-api-secret" and CLIENT_ID == "harnosand-demo"
