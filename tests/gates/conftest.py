"""Fixtures of the quality gates: demo data in the test database, clients per role, the browser."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from app.demo import load_demo_data
from app.extensions import db
from tests.gates.browser import (  # noqa: F401 - fixtures and the failure hook
    browser,
    live_server,
    pytest_runtest_makereport,
    role_page,
)
from tests.gates.demo import ANON, PASSWORD, ROLE_ACCOUNTS, Demo


@pytest.fixture
def demo(app, monkeypatch) -> Demo:
    """The demo data, loaded inside the test's transaction."""
    # Hashing the demo passwords at full strength costs seconds per test; the strength of
    # the hash is not what the gates check.
    monkeypatch.setattr(
        "app.auth.services._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    # The gates probe the public verification pages once per role and object; how often an
    # address may ask is the certificates area's own test.
    monkeypatch.setitem(app.config, "CERTIFICATE_VERIFY_LIMIT", "10000/minute")
    load_demo_data()
    db.session.flush()
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
