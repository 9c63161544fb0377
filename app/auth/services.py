"""Passwords, login and account operations (throttling: `app.auth.throttle`)."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import session

from app.audit import record
from app.auth import second_step
from app.auth.federation import passwords_off
from app.auth.models import LoginAttempt, User
from app.auth.sessions import close_session, end_sessions, open_session
from app.auth.throttle import normal_email
from app.auth.vocab import Refusal
from app.db import utcnow
from app.extensions import db
from app.refusals import Refused
from app.vocab import Role

# Argon2id with OWASP's recommended minimum (19 MiB of memory, 2 passes, 1 lane): about 30 ms
# per check on one core. The library's default (64 MiB, 3 passes, 4 lanes) took 200-240 ms on a
# two-core server, which made each login wait and let a burst of logins occupy every worker.
# Hashes made with other parameters are upgraded at the next successful login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the email is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not a password of anyone")

MIN_PASSWORD_LENGTH = 12
# What an account with no usable password stores instead of a hash starts with this (no Argon2
# hash does): a new account, until the person chooses a password by their welcome link.
UNUSABLE = "!"


def hash_password(password: str) -> str:
    """An Argon2id hash of `password`."""
    return _hasher.hash(password)


def unusable_password() -> str:
    """A stored value that no password matches. Random, so that storing a new one voids every
    link made for the one before (a link is bound to a fingerprint of what was stored)."""
    return UNUSABLE + secrets.token_urlsafe(32)


def has_usable_password(user: User) -> bool:
    """False for an account whose person has not chosen a password yet."""
    return not user.password_hash.startswith(UNUSABLE)


def verify_password(user: User | None, password: str) -> bool:
    """True when `password` is the user's; rehashes when the parameters have changed. An account
    without a usable password takes as long to refuse as any other."""
    usable = user is not None and has_usable_password(user)
    try:
        _hasher.verify(user.password_hash if usable else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    if usable and _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return usable


def find_user(email: str) -> User | None:
    """The user with this email, case-insensitively."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str, ip: str) -> User | None:
    """The active user whose credentials these are, recording the attempt either way.

    A right password of an account with a second factor is not recorded as a success: the code
    that follows is (app/auth/factors.py), so the throttle counts wrong codes, and a right
    password does not start its count afresh."""
    user = find_user(email)
    ok = verify_password(user, password) and user.is_active
    if not (ok and second_step.has_factor(user)):
        db.session.add(LoginAttempt(email=normal_email(email), ip=ip, succeeded=ok))
    if not ok:
        reason = "unknown_email" if user is None else "wrong_password_or_inactive"
        record("auth.login_failed", user, details={"email": normal_email(email), "reason": reason})
    return user if ok else None


def log_in(email: str, password: str, ip: str) -> User | None:
    """Log in with these credentials in a new session (recording the attempt either way); the
    user, or None when the credentials are wrong. An account with a second factor is not logged
    in yet: the browser is sent on to the code (`second_step.pending_user()` names it)."""
    user = authenticate(email, password, ip)
    if user is None:
        return None
    if passwords_off(user):
        # The right password of an account whose municipality signs in only through its
        # identity provider: no session (the view says where to sign in instead).
        record("auth.password_refused", user, user=user, details={"reason": "passwords_off"})
        return user
    if second_step.has_factor(user):
        second_step.begin(user)
        record(
            "auth.password_accepted", user, user=user, details={"next": second_step.factors(user)}
        )
        return user
    finish_log_in(user, "password")
    return user


def finish_log_in(user: User, method: str, **details) -> None:
    """Log the user in with a new session, once every factor is checked; `method` says which
    ("password", "password+totp", "password+recovery", "password+passkey", or a provider's
    protocol, "oidc" or "saml", with the provider and the assurance level in `details`)."""
    user.last_login_at = utcnow()
    record("auth.login", user, user=user, details={"method": method, **details})
    if session.get("locale"):
        # A language chosen on the login page is the person's choice: it stays.
        user.locale = session.pop("locale")
    open_session(user)  # a new session token; the half-signed-in state goes
    if method.startswith("password"):
        # A provider's sign-in is strong already (its assurance level): the policy on a
        # second factor is about passwords.
        second_step.after_sign_in(user)


def accept_terms(user: User) -> None:
    """Record that the user accepted the terms of use and data-protection rules."""
    user.terms_accepted_at = utcnow()
    record("auth.terms_accepted", user, user=user)


def create_user(
    *,
    email: str,
    name: str,
    password: str | None,
    roles: set[Role],
    municipality=None,
    employer=None,
    locale: str = "sv",
) -> User:
    """A new account (the caller commits); with `password` None, it has no usable password until
    the person chooses one (by a welcome link, app/auth/welcome.py)."""
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        password_hash=unusable_password() if password is None else hash_password(password),
        municipality=municipality,
        employer=employer,
        locale=locale,
    )
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Give the user a new password and end all their sessions."""
    user.password_hash = hash_password(password)
    end_sessions(user)


def change_own_password(user: User, current: str, new: str) -> None:
    """The user's own change of password, given the current one: every session of theirs ends,
    and this browser gets a new one."""
    if not verify_password(user, current):
        raise Refused(Refusal.WRONG_PASSWORD, field="current_password")
    set_password(user, new)
    open_session(user)


def choose_language(user, locale: str) -> None:
    """The interface language chosen in this browser: kept in the session, and on the account
    of a logged-in user."""
    if user.is_authenticated:
        user.locale = locale
    session["locale"] = locale


def log_out(user: User) -> None:
    """End this browser's session, on the server too, with a line in the log."""
    record("auth.logged_out", user, user=user)
    close_session()


def log_out_everywhere(user: User) -> None:
    """End every session of the user, in every browser, this one included (the user's own
    "log out everywhere")."""
    end_sessions(user)
    record("auth.logged_out_everywhere", user, user=user)
    close_session()
