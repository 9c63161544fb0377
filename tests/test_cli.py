"""Command-line commands."""

import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.vocab import Role

DEMO_ACCOUNTS = {
    "admin@example.org",
    "system@example.org",
    "coach@example.org",
    "coach2@example.org",
    "coach@other.example.org",
    "assessor@example.org",
    "verifier@example.org",
    "employer@example.org",
    "employer@other.example.org",
}


def test_demo_data_is_idempotent_and_has_every_account(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(sa.select(sa.func.count(User.id)))
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0 and "(0 new accounts)" in second.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == count
    emails = set(db.session.scalars(sa.select(User.email)))
    assert emails >= DEMO_ACCOUNTS
    verifier = db.session.scalar(sa.select(User).where(User.email == "verifier@example.org"))
    assert verifier.roles == {Role.ASSESSOR, Role.INTERNAL_VERIFIER}
    coach, other = (
        db.session.scalar(sa.select(User).where(User.email == e))
        for e in ("coach@example.org", "coach@other.example.org")
    )
    assert coach.municipality != other.municipality
    employers = {
        db.session.scalar(sa.select(User).where(User.email == e)).employer
        for e in ("employer@example.org", "employer@other.example.org")
    }
    assert len(employers) == 2


def test_each_demo_account_logs_in_to_its_home(app, client):
    app.test_cli_runner().invoke(args=["demo-data"])
    for email in sorted(DEMO_ACCOUNTS):
        response = client.login(email, password="validera-demo")
        assert response.status_code == 302, email
        home = client.get("/")
        assert home.status_code == 200, email
        client.logout()


def test_create_admin(app):
    result = app.test_cli_runner().invoke(
        args=[
            "create-admin",
            "--email",
            "Boss@Kommun.se",
            "--name",
            "Chef",
            "--municipality",
            "Härnösand",
            "--code",
            "2280",
            "--password",
            "long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(sa.select(User).where(User.email == "boss@kommun.se"))
    assert admin.roles == {Role.ADMIN} and admin.municipality.code == "2280"


def test_create_system_admin(app):
    args = ["create-system-admin", "--email", "It@Region.se", "--name", "IT"]
    result = app.test_cli_runner().invoke(args=[*args, "--password", "long enough password"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(sa.select(User).where(User.email == "it@region.se"))
    assert admin.roles == {Role.SYSTEM_ADMIN} and admin.organisation is None
    again = app.test_cli_runner().invoke(args=[*args, "--password", "long enough password"])
    assert again.exit_code != 0


def test_create_admin_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(
        args=[
            "create-admin",
            "--email",
            "a@b.se",
            "--name",
            "A",
            "--municipality",
            "X",
            "--code",
            "1234",
            "--password",
            "short",
        ]
    )
    assert result.exit_code != 0
