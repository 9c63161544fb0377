"""Factories of the auth tests, for other areas too: an account with an authenticator app, or
with a passkey."""

from __future__ import annotations

import pyotp
import sqlalchemy as sa
from flask import current_app

from app.auth import totp
from app.auth.factor_models import RecoveryCode, TotpFactor, WebAuthnCredential
from app.db import utcnow
from app.extensions import db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def with_totp(user, secret: str = SECRET) -> list[str]:
    """Give `user` an authenticator app that is on, with `secret`; its ten recovery codes."""
    sealed = totp.seal(current_app.config["SECRET_KEY"], user.id, secret)
    db.session.add(TotpFactor(user_id=user.id, secret=sealed, enabled_at=utcnow()))
    codes = totp.new_recovery_codes()
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=totp.recovery_hash(code)) for code in codes
    )
    db.session.flush()
    return codes


def code_now(secret: str = SECRET, steps: int = 0) -> str:
    """The code an authenticator app shows now (`steps` time steps later or earlier)."""
    return pyotp.TOTP(secret).at(utcnow().timestamp() + 30 * steps)


def with_passkey(user, authenticator, name: str = "YubiKey på jobbet") -> WebAuthnCredential:
    """Give `user` the key of `authenticator` (tests/auth/authenticator.py), registered with
    the test client's site; with ten recovery codes if it is the account's first factor."""
    if not db.session.scalar(sa.select(RecoveryCode.id).where(RecoveryCode.user_id == user.id)):
        db.session.add_all(
            RecoveryCode(user_id=user.id, code_hash=totp.recovery_hash(code))
            for code in totp.new_recovery_codes()
        )
    authenticator.rp_id = "localhost"
    key = WebAuthnCredential(
        user_id=user.id,
        credential_id=authenticator.credential_id,
        public_key=authenticator.public_key(),
        sign_count=authenticator.counter or 0,
        transports=list(authenticator.transports),
        name=name,
    )
    db.session.add(key)
    db.session.flush()
    return key
