"""Deployment settings: the client's address behind reverse proxies."""

from __future__ import annotations

import sqlalchemy as sa

from app import create_app
from app.auth.models import LoginAttempt
from app.config import TestConfig
from app.extensions import db
from tests.conftest import ValideraClient

PROXY = "10.0.0.2"
CLIENT = "203.0.113.7"


def _failed_login_address(app) -> str:
    app.test_client_class = ValideraClient
    client = app.test_client()
    client.post(
        "/login",
        data={"email": "nobody@example.org", "password": "wrong"},
        headers={"X-Forwarded-For": CLIENT},
        environ_base={"REMOTE_ADDR": PROXY},
    )
    return db.session.scalar(
        sa.select(LoginAttempt.ip).where(LoginAttempt.email == "nobody@example.org")
    )


def test_forwarded_address_is_ignored_without_a_trusted_proxy(app):
    assert _failed_login_address(app) == PROXY


def test_forwarded_address_is_used_behind_one_trusted_proxy():
    behind_proxy = create_app({**_settings(TestConfig), "PROXY_FIX_X_FOR": 1})
    with behind_proxy.app_context():
        assert _failed_login_address(behind_proxy) == CLIENT


def _settings(config) -> dict:
    """The configuration class as a dict, to change one setting."""
    return {k: getattr(config, k) for k in dir(config) if k.isupper()}
