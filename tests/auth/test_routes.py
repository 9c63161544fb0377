"""Login, logout, throttling, terms of use, idle sessions, language."""

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import LoginAttempt
from app.extensions import db
from app.vocab import Role
from tests.conftest import PASSWORD


def test_login_page_has_named_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page and 'name="csrf_token"' in page


def test_login_and_home(client, world):
    response = client.login(world["coach"])
    assert response.status_code == 302 and response.location == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert world["coach"].name in home.get_data(as_text=True)


def test_login_is_case_insensitive_on_email(client, world):
    response = client.login("COACH@Test.Example")
    assert response.status_code == 302 and response.location == "/"


def test_wrong_email_and_wrong_password_give_the_same_message(client, world):
    wrong_password = client.post("/login", data={"email": "coach@test.example", "password": "x"})
    wrong_email = client.post("/login", data={"email": "nobody@test.example", "password": "x"})
    assert wrong_password.status_code == wrong_email.status_code == 200
    assert "Fel e-post eller lösenord." in wrong_password.get_data(as_text=True)
    assert "Fel e-post eller lösenord." in wrong_email.get_data(as_text=True)


def test_inactive_user_cannot_log_in(client, world):
    world["coach"].is_active = False
    db.session.flush()
    response = client.login(world["coach"])
    assert response.status_code == 200
    assert "Fel e-post eller lösenord." in response.get_data(as_text=True)


def test_attempts_are_recorded(client, world):
    client.post("/login", data={"email": "coach@test.example", "password": "wrong"})
    client.login(world["coach"])
    attempts = db.session.scalars(sa.select(LoginAttempt).order_by(LoginAttempt.id)).all()
    assert [a.succeeded for a in attempts] == [False, True]
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "auth.login"))


def test_post_without_csrf_token_is_refused(client, world):
    response = client.post(
        "/login", data={"email": "coach@test.example", "password": PASSWORD}, csrf=False
    )
    assert response.status_code == 400


def test_logout_is_a_post_and_ends_the_session(client, world):
    client.login(world["coach"])
    assert client.get("/logout").status_code == 405
    assert client.logout().status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "////evil.example/phish",
        "//evil",
        "/\\evil",
        "/\\/evil",
        "\\\\evil",
        "https://evil",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_parameter_cannot_leave_the_site(client, world, target):
    page = client.get("/login", query_string={"next": target})
    assert page.status_code == 200
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "coach@test.example", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302 and response.location == "/"


def test_next_parameter_goes_to_a_page_of_this_site(client, world):
    assert client.get("/login", query_string={"next": "/cases/2"}).status_code == 200
    response = client.post(
        "/login",
        query_string={"next": "/cases/2"},
        data={"email": "coach@test.example", "password": PASSWORD, "next": "/cases/2"},
    )
    assert response.status_code == 302 and response.location == "/cases/2"


def test_the_language_switch_stays_on_this_site(client):
    for target in ("////evil.example/phish", "/\\evil", "https://evil"):
        response = client.post("/language", data={"language": "en", "next": target})
        assert response.location == "/"
    assert client.post("/language", data={"language": "en", "next": "/login"}).location == "/login"


def test_first_login_requires_accepting_the_terms(client, make_user, world):
    newcomer = make_user(Role.COACH, municipality=world.home, terms_accepted_at=None)
    client.login(newcomer, accept_terms=False)
    for page in ("/", "/account/password"):  # every page waits for the terms
        response = client.get(page)
        assert response.status_code == 302 and response.location.startswith("/terms")
    refused = client.post("/terms", data={})
    assert refused.status_code == 200 and "Du måste godkänna villkoren" in refused.get_data(True)
    assert client.post("/terms", data={"accept": "y"}).status_code == 302
    assert newcomer.terms_accepted_at is not None
    assert client.get("/").status_code == 200


def test_password_reset_ends_other_sessions(client, app, world):
    from app.auth.services import set_password

    client.login(world["coach"])
    set_password(world["coach"], "a brand new password")
    db.session.flush()
    assert client.get("/").status_code == 302


def test_swedish_is_default_and_english_can_be_chosen(client, world):
    assert "Logga in" in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"language": "en", "next": "/login"})
    assert "Log in to Validera" in client.get("/login").get_data(as_text=True)
    client.login(world["coach"])
    client.post("/language", data={"language": "en", "next": "/"})
    assert world["coach"].locale == "en"
    assert "Welcome" in client.get("/").get_data(as_text=True)


def test_a_language_chosen_on_the_login_page_stays_after_login(client, world):
    client.post("/language", data={"language": "en", "next": "/login"})
    assert client.login(world["coach"]).status_code == 302
    assert world["coach"].locale == "en"
    assert "Welcome" in client.get("/").get_data(as_text=True)


def test_change_password(client, world):
    client.login(world["coach"])
    wrong = client.post(
        "/account/password",
        data={
            "current_password": "nope",
            "new_password": "another long password",
            "repeat_password": "another long password",
        },
    )
    assert "Det nuvarande lösenordet är fel." in wrong.get_data(as_text=True)
    ok = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "another long password",
            "repeat_password": "another long password",
        },
    )
    assert ok.status_code == 302
    client.logout()
    assert client.login(world["coach"], password="another long password").location == "/"


def test_a_hash_with_older_parameters_still_logs_in_and_is_upgraded(client, world):
    from argon2 import PasswordHasher

    from app.auth.services import _hasher

    coach = world["coach"]
    coach.password_hash = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(
        PASSWORD
    )
    db.session.flush()
    assert _hasher.check_needs_rehash(coach.password_hash)
    assert client.login(coach).status_code == 302
    db.session.refresh(coach)
    assert not _hasher.check_needs_rehash(coach.password_hash)
    assert _hasher.verify(coach.password_hash, PASSWORD)
