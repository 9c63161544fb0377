"""Fixtures of the quality gates: the demo data, clients per role, the browser."""

from __future__ import annotations

import pytest

from tests.conftest import WEAK_HASHER
from tests.gates.browser import (  # noqa: F401 - fixtures and the failure hook
    browser,
    live_server,
    pytest_runtest_makereport,
    role_page,
)
from tests.gates.demo import ANON, PASSWORD, ROLE_ACCOUNTS, Demo


@pytest.fixture(scope="session")
def app(demo_app):
    """The gates work on the demo data, loaded once per process into a database of its own."""
    return demo_app


@pytest.fixture
def demo(app, monkeypatch) -> Demo:
    """The demo data (committed once; each test's changes are rolled back)."""
    # The demo accounts' passwords are hashed at the lowest strength; checking them with the
    # full-strength hasher would hash each again at login.
    monkeypatch.setattr("app.auth.services._hasher", WEAK_HASHER)
    # The gates probe the public verification pages once per role and object; how often an
    # address may ask is the certificates area's own test.
    monkeypatch.setitem(app.config, "CERTIFICATE_VERIFY_LIMIT", "10000/minute")
    monkeypatch.setitem(app.config, "ACCESSIBILITY_FEEDBACK_LIMIT", "10000/minute")
    return Demo()


@pytest.fixture
def act_as(app, demo):
    """A client logged in as a role's demo account (terms accepted), or anonymous."""

    def make(role: str):
        client = app.test_client()
        if role != ANON:
            response = client.login(ROLE_ACCOUNTS[role], password=PASSWORD)
            assert response.status_code == 302, f"{role} could not log in"
        return client

    return make
