"""The suite's own machinery: the demo data once, worker databases, forms without extra requests."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import has_app_context, request_started

from app.auth.models import User
from app.extensions import db
from tests import databases
from tests.gates.demo import ROLE_ACCOUNTS


@pytest.mark.domain
def test_a_domain_test_has_no_app_and_no_database():
    assert not has_app_context()
    with pytest.raises(RuntimeError, match="application context"):
        db.session.scalar(sa.select(1))


def _accounts(engine: sa.Engine) -> set[str]:
    """The demo accounts committed in the database of `engine`, seen from outside any test."""
    with engine.connect() as connection:
        emails = connection.scalars(
            sa.select(User.email).where(User.email.in_(ROLE_ACCOUNTS.values()))
        )
        return set(emails)


def test_the_demo_data_is_committed_once_in_a_database_of_its_own(app, demo_app):
    with demo_app.app_context():
        assert _accounts(db.engine) == set(ROLE_ACCOUNTS.values())
    mine = db.session.scalars(sa.select(User.email).where(User.email.in_(ROLE_ACCOUNTS.values())))
    assert set(mine) == set()  # the other tests' database holds none of it


def test_each_worker_has_databases_of_its_own(monkeypatch):
    monkeypatch.setenv("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/t")
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    assert databases.url_of().endswith("/t")
    assert databases.url_of("demo").endswith("/t_demo")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    assert databases.url_of().endswith("/t_gw1")
    assert databases.url_of("demo").endswith("/t_gw1_demo")
    monkeypatch.setenv("TEST_DATABASE_URL", "sqlite://")
    assert databases.url_of("demo") == "sqlite://"  # each in-memory engine is its own database


def test_a_form_is_posted_with_its_token_in_one_request(app, client, world):
    client.login(world["coach"])
    requests = []
    with request_started.connected_to(lambda sender, **_: requests.append(1), app):
        response = client.post("/logout")
    assert response.status_code == 302 and len(requests) == 1
    assert client.get("/").status_code == 302  # the token was right: logged out


def test_logging_in_on_a_logged_in_client_switches_the_user(client, world):
    client.login(world["coach"])
    assert client.get("/admin/users").status_code == 403
    client.login(world["admin"])
    assert client.get("/admin/users").status_code == 200
