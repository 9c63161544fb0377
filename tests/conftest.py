"""Test fixtures: one app per session, one rolled-back transaction per test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set, in one
process or in several (pytest-xdist, `-n 2`), each with a database of its own (tests/databases.py).
The demo data is loaded once per process into a database of its own (`demo_app`); the tests that
work on it (the gates) use that application, the others never see it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from flask import Flask, has_app_context, session
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf.csrf import generate_csrf

from app import create_app
from app.auth.models import User
from app.auth.services import hash_password
from app.config import TestConfig
from app.extensions import db
from app.organisations.models import Employer, Municipality, Region
from app.vocab import Role
from tests import clock, databases

PASSWORD = "correct horse battery staple"
# Hashing the demo accounts' passwords at full strength costs seconds; they are hashed (and
# checked at login) at the lowest strength, which is not what any test checks.
WEAK_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def pytest_configure(config):
    """Every test, fixture and module of the suite sees the fixed clock (tests/clock.py), in
    every process; an application made from TestConfig uses this process's own database."""
    clock.mend_sleep_under_faketime()
    config._validera_clock = clock.start()
    TestConfig.SQLALCHEMY_DATABASE_URI = databases.url_of()


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
        """The token a form of this client's session carries, made as a page makes it, in a
        request context on the client's cookie, without sending a request."""
        return contextvars.Context().run(self._make_csrf_token)

    def _make_csrf_token(self) -> str:
        app = self.application
        context = app.test_request_context()
        self._add_cookies_to_wsgi(context.request.environ)
        with context:
            token = generate_csrf()
            if session.modified:  # a session's first token: the cookie now holds it
                response = app.response_class()
                app.session_interface.save_session(app, session, response)
                self._update_cookies_from_response(
                    context.request.host.partition(":")[0],
                    context.request.path,
                    response.headers.getlist("Set-Cookie"),
                )
        return token

    def post(self, *args, csrf: bool = True, **kwargs):
        data = kwargs.get("data")
        if csrf and isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        elif csrf and data is None and "json" not in kwargs:
            kwargs["data"] = {"csrf_token": self.csrf_token()}
        return super().post(*args, **kwargs)

    def login(self, user: User | str, password: str = PASSWORD, accept_terms: bool = True):
        """Log in as `user` (whoever was logged in on this client is logged out first) and
        accept the terms when they are asked for, unless told not to."""
        if "_user_id" in self._session():
            self.logout()
        email = user if isinstance(user, str) else user.email
        response = self.post("/login", data={"email": email, "password": password})
        if accept_terms and response.status_code == 302:
            home = self.get("/")
            if home.status_code == 302 and home.location.startswith("/terms"):
                self.post("/terms", data={"accept": "y"})
        return response

    def logout(self):
        return self.post("/logout")

    def _session(self) -> dict:
        """What this client's session cookie holds (read only)."""
        app = self.application
        request = app.test_request_context().request
        self._add_cookies_to_wsgi(request.environ)
        return dict(app.session_interface.open_session(app, request) or {})


class JoinedSession(FlaskSession):
    """A session bound to the test's connection, whatever the model's bind key."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind


def _test_app(tmp_path_factory, database: str = "") -> Iterator[Flask]:
    """An application with a fresh schema in this process's database `database` (the test
    database itself when empty) and an upload folder of its own."""
    url = databases.url_of(database)
    databases.ensure(url)
    app = create_app({**settings_of(TestConfig), "SQLALCHEMY_DATABASE_URI": url})
    app.config["UPLOAD_FOLDER"] = str(tmp_path_factory.mktemp(f"uploads{database}"))
    app.config["SAML_SP_FOLDER"] = str(tmp_path_factory.mktemp(f"saml{database}") / "saml")
    app.test_client_class = ValideraClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def settings_of(config_class) -> dict:
    """A configuration class as a dict (upper-case settings only)."""
    return {key: getattr(config_class, key) for key in dir(config_class) if key.isupper()}


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application, with a fresh schema in the test database and its own upload folder."""
    yield from _test_app(tmp_path_factory)


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """An application on a database of its own holding the demo data, loaded and committed once.

    A test that works on the demo data asks for this application as its `app` (the gates'
    conftest says so for the whole folder); its transaction is rolled back as any other.
    """
    from app.demo import load_demo_data

    for app in _test_app(tmp_path_factory, "demo"):
        with app.app_context(), pytest.MonkeyPatch.context() as patch:
            patch.setattr("app.auth.services._hasher", WEAK_HASHER)
            load_demo_data()
            db.session.commit()
        yield app


def app_of(request: pytest.FixtureRequest) -> Flask | None:
    """The test's application; None for a test marked `domain` (plain Python, no app)."""
    if request.node.get_closest_marker("domain"):
        return None
    return request.getfixturevalue("app")


@pytest.fixture(autouse=True)
def _transaction(request):
    """Run each test in its app's context, inside a transaction rolled back at the end.

    A test marked `domain` gets neither: no application, no database, no app context.
    """
    app = app_of(request)
    if app is None:
        assert not has_app_context()
        yield
        return
    with app.app_context():
        yield from _rolled_back()


def _rolled_back() -> Iterator[None]:
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
        "manager": make_user(Role.MANAGER, municipality=home, email="manager@test.example"),
        "employer": make_user(Role.EMPLOYER, employer=employer, email="employer@test.example"),
        "other_employer": make_user(
            Role.EMPLOYER, employer=other_employer, email="employer@other.test.example"
        ),
    }
    return World(region, home, other, outside, employer, other_employer, users)
