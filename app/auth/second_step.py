"""Who needs a second factor, and the state between the password and the code.

A second factor is an authenticator app (TOTP) or a passkey or security key (WebAuthn). After a
right password, an account with one is *not* signed in: the browser's
session (signed by Flask) only says which account typed its password and until when the code
may follow (SECOND_STEP_TIME). No session record exists and `current_user` stays anonymous, so
the half-signed-in browser reaches nothing but the page that asks for the code or the key. The
code (`app/auth/factors.py` `sign_in_with_code`) or the key (`app/auth/passkeys.py`
`sign_in_with_passkey`) makes the session.

Whether a role must have a second factor: the system administrator's choice per role
(`SecondFactorPolicy`), else SECOND_FACTOR_REQUIRED: "staff" (every role but the employer's
contact; the production default), "all", "none" (tests and `make run`) or a comma-separated list
of roles. It is read when a person signs in: one who must have a factor and has none is sent to
the enrolment page and reaches nothing else (`enforce_enrolment`) until the factor is on.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, redirect, request, session, url_for
from flask_login import current_user

from app.auth.factor_models import SecondFactorPolicy, TotpFactor, WebAuthnCredential
from app.auth.models import User
from app.auth.vocab import EVERYONE, NOBODY, STAFF
from app.db import utcnow
from app.extensions import db
from app.vocab import STAFF_ROLES, Role

PENDING = "second_step"  # {"user": id, "until": seconds since the epoch}
ENROL = "enrol_factor"  # set at sign-in when the account must enrol before anything else
SECOND_STEP_TIME = timedelta(minutes=5)
# What a person who must enrol may still reach.
ENROLMENT_OPEN = {
    "auth.two_factor",
    "auth.two_factor_start",
    "auth.two_factor_confirm",
    "auth.passkey_options",
    "auth.passkey_add",
    "auth.logout",
    "auth.language",
    "auth.terms",
}


def configured_roles(value: str) -> set[Role]:
    """The roles SECOND_FACTOR_REQUIRED names; ValueError for anything else."""
    value = (value or NOBODY).strip().lower()
    if value == STAFF:
        return set(STAFF_ROLES) - {Role.EMPLOYER}
    if value == EVERYONE:
        return set(STAFF_ROLES)  # a participant signs in by e-ID or a one-time code
    if value == NOBODY:
        return set()
    return {Role(part.strip()) for part in value.split(",") if part.strip()}


def required_roles() -> set[Role]:
    """The roles that must sign in with a second factor now."""
    query = sa.select(SecondFactorPolicy.role, SecondFactorPolicy.required)
    chosen = dict(db.session.execute(query).tuples().all())
    default = configured_roles(current_app.config["SECOND_FACTOR_REQUIRED"])
    return {role for role in STAFF_ROLES if chosen.get(role, role in default)}


def factor_required(user: User) -> bool:
    """True when one of the user's roles must sign in with a second factor."""
    return bool(user.roles & required_roles())


def has_factor(user: User) -> bool:
    """True when the account has a second factor: an authenticator app that is on, or a passkey
    or security key."""
    return bool(factors(user))


def has_app(user: User) -> bool:
    """True when the account has an authenticator app that is on."""
    enabled = db.session.scalar(
        sa.select(TotpFactor.enabled_at).where(TotpFactor.user_id == user.id)
    )
    return enabled is not None


def has_passkey(user: User) -> bool:
    """True when the account has at least one passkey or security key."""
    query = sa.select(WebAuthnCredential.id).where(WebAuthnCredential.user_id == user.id)
    return db.session.scalar(query.limit(1)) is not None


def owns(user: User, key: WebAuthnCredential) -> bool:
    """The scope of a person's passkeys and security keys: their own, nobody else's."""
    return key.user_id == user.id


def factors(user: User) -> list[str]:
    """The kinds of second factor the account has: "totp", "passkey", both or neither."""
    return [kind for kind, has in (("totp", has_app), ("passkey", has_passkey)) if has(user)]


def begin(user: User) -> None:
    """The password was right: the code may follow until SECOND_STEP_TIME from now (and only
    while the password stays the same)."""
    until = utcnow() + SECOND_STEP_TIME
    session[PENDING] = {"user": user.id, "until": int(until.timestamp()), "pw": _password_tag(user)}


def _password_tag(user: User) -> str:
    """A short digest of the password's hash: a new password ends the half-signed-in state."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def pending_user() -> User | None:
    """The account whose password this browser typed, while its code may still follow."""
    state = session.get(PENDING)
    if not isinstance(state, dict) or not isinstance(state.get("user"), int):
        return None
    if not isinstance(state.get("until"), int) or state["until"] < utcnow().timestamp():
        return None
    user = db.session.get(User, state["user"])
    if user is None or not user.is_active or state.get("pw") != _password_tag(user):
        return None
    return user


def forget() -> None:
    """End the half-signed-in state."""
    session.pop(PENDING, None)


def after_sign_in(user: User) -> None:
    """Once signed in: an account that must have a factor and has none enrols first."""
    if not has_factor(user) and factor_required(user):
        session[ENROL] = True


def enforce_enrolment():
    """before_request: a person who must enrol reaches only the enrolment pages (and logging
    out, the terms and the language) until the factor is on."""
    endpoint = request.endpoint or ""
    if not session.get(ENROL) or endpoint in ENROLMENT_OPEN or endpoint.endswith("static"):
        return None
    if not current_user.is_authenticated:
        session.pop(ENROL, None)  # the session ended: the flag goes with it
        return None
    return redirect(url_for("auth.two_factor"))
