"""Test fixtures: one app per session, one rolled-back transaction per test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession

from app import create_app
from app.auth.models import User
from app.auth.services import hash_password
from app.config import TestConfig
from app.extensions import db
from app.organisations.models import Employer, Municipality, Region
from app.vocab import Role
from tests import clock

PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def pytest_configure(config):
    """Every test, fixture and module of the suite sees the fixed clock (tests/clock.py)."""
    clock.mend_sleep_under_faketime()
    config._validera_clock = clock.start()


def pytest_unconfigure(config):
    traveller = getattr(config, "_validera_clock", None)
    if traveller is not None:
        traveller.stop()


class ValideraClient(FlaskClient):
    """A test client that sends the CSRF token with every form, unless told not to.

    Each request runs in an empty context, so it gets its own app context, `g` and database
    session, as in production; the test's own session then forgets what it had loaded.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():  # not when following a redirect inside the empty context
            db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        page = self.get("/accessibility")
        return CSRF_RE.search(page.get_data(as_text=True)).group(1)

    def post(self, *args, csrf: bool = True, **kwargs):
        data = kwargs.get("data")
        if csrf and isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        elif csrf and data is None and "json" not in kwargs:
            kwargs["data"] = {"csrf_token": self.csrf_token()}
        return super().post(*args, **kwargs)

    def login(self, user: User | str, password: str = PASSWORD, accept_terms: bool = True):
        email = user if isinstance(user, str) else user.email
        response = self.post("/login", data={"email": email, "password": password})
        if accept_terms and response.status_code == 302:
            home = self.get("/")
            if home.status_code == 302 and home.location.startswith("/terms"):
                self.post("/terms", data={"accept": "y"})
        return response

    def logout(self):
        return self.post("/logout")


class JoinedSession(FlaskSession):
    """A session bound to the test's connection, whatever the model's bind key."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application, with a fresh schema in the test database and its own upload folder."""
    app = create_app(TestConfig)
    app.config["UPLOAD_FOLDER"] = str(tmp_path_factory.mktemp("uploads"))
    app.test_client_class = ValideraClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(app):
    """Run each test inside a transaction that is rolled back at the end."""
    connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = db._make_scoped_session(
        {
            "class_": JoinedSession,
            "bind": connection,
            "join_transaction_mode": "create_savepoint",
            "expire_on_commit": False,  # as the application's own session
        }
    )
    try:
        yield
    finally:
        db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def client(app) -> ValideraClient:
    return app.test_client()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@dataclass
class World:
    """Two municipalities in one region, a third outside it, two employers, users of each role."""

    region: Region
    home: Municipality
    other: Municipality
    outside: Municipality
    employer: Employer
    other_employer: Employer
    users: dict[str, User]

    def __getitem__(self, key: str) -> User:
        return self.users[key]


@pytest.fixture
def make_user(password_hash):
    """Factory: a user with roles at an organisation; terms accepted unless told otherwise."""
    counter = iter(range(1, 10_000))

    def make(*roles: Role, municipality=None, employer=None, email=None, **overrides) -> User:
        from app.db import utcnow

        n = next(counter)
        user = User(
            email=email or f"user{n}@test.example",
            name=overrides.pop("name", f"Test User {n}"),
            password_hash=password_hash,
            municipality=municipality,
            employer=employer,
            terms_accepted_at=overrides.pop("terms_accepted_at", utcnow()),
            **overrides,
        )
        user.set_roles(set(roles))
        db.session.add(user)
        db.session.flush()
        return user

    return make


@pytest.fixture
def world(make_user) -> World:
    region = Region(name="Testregionen")
    home = Municipality(name="Hemkommun", code="9001", region=region)
    other = Municipality(name="Grannkommun", code="9002", region=region)
    outside = Municipality(name="Fjärrkommun", code="9003")
    employer = Employer(name="Arbetsgivare A AB", org_number="5560360793", municipality=home)
    other_employer = Employer(name="Arbetsgivare B AB", org_number="5565948857", municipality=other)
    db.session.add_all([region, home, other, outside, employer, other_employer])
    db.session.flush()
    users = {
        "admin": make_user(Role.ADMIN, municipality=home, email="admin@test.example"),
        "system": make_user(Role.SYSTEM_ADMIN, email="system@test.example"),
        "coach": make_user(Role.COACH, municipality=home, email="coach@test.example"),
        "coach2": make_user(Role.COACH, municipality=home, email="coach2@test.example"),
        "other_coach": make_user(Role.COACH, municipality=other, email="coach@other.test.example"),
        "assessor": make_user(Role.ASSESSOR, municipality=home, email="assessor@test.example"),
        "verifier": make_user(
            Role.ASSESSOR, Role.INTERNAL_VERIFIER, municipality=home, email="verifier@test.example"
        ),
        "external_verifier": make_user(
            Role.EXTERNAL_VERIFIER, municipality=outside, email="ek@test.example"
        ),
        "regional": make_user(Role.REGIONAL, municipality=other, email="regional@test.example"),
        "employer": make_user(Role.EMPLOYER, employer=employer, email="employer@test.example"),
        "other_employer": make_user(
            Role.EMPLOYER, employer=other_employer, email="employer@other.test.example"
        ),
    }
    return World(region, home, other, outside, employer, other_employer, users)
