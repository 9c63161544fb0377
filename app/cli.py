"""Command-line commands: `demo-data`, `demo-totp-code`, `create-admin`, `create-system-admin`,
`purge-sessions`; retention, backup and restore."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask

from app.extensions import db


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(demo_data)
    app.cli.add_command(create_admin)
    app.cli.add_command(create_system_admin)
    app.cli.add_command(purge_sessions)
    from app.demo.second_factor import demo_totp_code

    app.cli.add_command(demo_totp_code)
    from app.api.cli import api_client
    from app.privacy.cli import COMMANDS as privacy_commands

    app.cli.add_command(api_client)

    for command in privacy_commands:
        app.cli.add_command(command)


@click.command("demo-data")
def demo_data():
    """Load the demo organisations, accounts and cases (safe to run again)."""
    from app.demo import load_demo_data

    created = load_demo_data()
    db.session.commit()
    click.echo(f"Demo data loaded ({created} new accounts). Password: validera-demo")


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--municipality", prompt="Municipality name")
@click.option("--code", prompt="Municipality code (four digits)")
@click.password_option()
def create_admin(email, name, municipality, code, password):
    """Create the first administrator of a real installation."""
    from app.auth.services import MIN_PASSWORD_LENGTH, create_user, find_user
    from app.organisations.models import Municipality
    from app.vocab import Role

    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(
            f"at least {MIN_PASSWORD_LENGTH} characters", param_hint="password"
        )
    if not (code.isdigit() and len(code) == 4):
        raise click.BadParameter("four digits", param_hint="code")
    if find_user(email):
        raise click.BadParameter("an account with this email exists", param_hint="email")
    home = db.session.scalar(sa.select(Municipality).where(Municipality.code == code))
    if home is None:
        home = Municipality(name=municipality, code=code)
        db.session.add(home)
    create_user(email=email, name=name, password=password, roles={Role.ADMIN}, municipality=home)
    db.session.commit()
    click.echo(f"Municipality administrator {email} created.")


@click.command("create-system-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_system_admin(email, name, password):
    """Create a system administrator, who adds municipalities and their administrators."""
    from app.auth.services import MIN_PASSWORD_LENGTH, create_user, find_user
    from app.vocab import Role

    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(
            f"at least {MIN_PASSWORD_LENGTH} characters", param_hint="password"
        )
    if find_user(email):
        raise click.BadParameter("an account with this email exists", param_hint="email")
    create_user(email=email, name=name, password=password, roles={Role.SYSTEM_ADMIN})
    db.session.commit()
    click.echo(f"System administrator {email} created.")


@click.command("purge-sessions")
def purge_sessions():
    """Remove the records of sessions that have ended (idle or too old); run it daily."""
    from app.auth.sessions import purge_expired

    removed = purge_expired()
    db.session.commit()
    click.echo(f"{removed} ended sessions removed.")
