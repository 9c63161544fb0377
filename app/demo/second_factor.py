"""The demo account with an authenticator app, to show logging in with a code.

Its key is fixed and documented (README, "Demo accounts"): add it to any authenticator app, or
print the current code with `flask --app app demo-totp-code`.
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app

from app.auth import totp
from app.auth.factor_models import TotpFactor
from app.auth.services import create_user, find_user
from app.db import utcnow
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.organisations.models import Municipality
from app.vocab import Role

EMAIL = "totp@example.org"
NAME = "Tove Tvåsteg"
SECRET = "VALIDERADEMOTOTPVALIDERADEMOTOTP"  # noqa: S105 - documented demo key, demo data only


def load() -> int:
    """Add the account and its authenticator app if they are missing; seal the key again if the
    application's secret changed since."""
    user = find_user(EMAIL)
    created = 0
    if user is None:
        home = db.session.scalar(sa.select(Municipality).where(Municipality.code == "2280"))
        user = create_user(
            email=EMAIL, name=NAME, password=DEMO_PASSWORD, roles={Role.COACH}, municipality=home
        )
        created = 1
    key = current_app.config["SECRET_KEY"]
    factor = db.session.get(TotpFactor, user.id)
    if factor is None:
        factor = TotpFactor(user_id=user.id, secret="", enabled_at=utcnow())
        db.session.add(factor)
    if totp.unseal(key, user.id, factor.secret) != SECRET:
        factor.secret = totp.seal(key, user.id, SECRET)
        factor.enabled_at = factor.enabled_at or utcnow()
    db.session.flush()
    return created


@click.command("demo-totp-code")
def demo_totp_code():
    """Print the current code of the demo account with an authenticator app."""
    click.echo(f"{EMAIL}: {totp.code_at(SECRET, totp.time_step(utcnow()))}")
