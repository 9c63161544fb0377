"""Passkeys and security keys (WebAuthn) as a second factor: adding one, removing one, and
logging in with one after the password.

The ceremonies themselves (options, checking the browser's answers) are `app/auth/ceremonies.py`.
The challenge of the ceremony under way is kept in the browser's signed session (`CEREMONY`)
with its kind, its account and until when the answer may come; it is used once, whatever the
answer. The relying party is the host the request came to, unless WEBAUTHN_RP_ID and
WEBAUTHN_ORIGIN name it (behind a proxy that rewrites the host, say).

A passkey counts as a second factor everywhere an authenticator app does
(`second_step.has_factor`): the password alone does not log in, and a person whose role must
have a factor may add a passkey instead of an app. The first factor an account gets, app or key,
comes with ten recovery codes; they go with the last one removed.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, request, session

from app.audit import record
from app.auth import ceremonies, second_step
from app.auth.factor_models import WebAuthnCredential
from app.auth.factors import drop_recovery_codes, new_recovery_codes
from app.auth.models import LoginAttempt, User
from app.auth.services import finish_log_in, verify_password
from app.auth.throttle import normal_email
from app.auth.vocab import FactorRefusal
from app.db import utcnow
from app.extensions import db
from app.refusals import Refused

CEREMONY = "passkey_ceremony"  # {"kind", "user", "challenge", "until"}
REGISTER = "register"
SIGN_IN = "sign_in"


def relying_party() -> ceremonies.RelyingParty:
    """The site the keys belong to: this request's host, unless the configuration says."""
    config = current_app.config
    return ceremonies.relying_party(
        request.host_url, config.get("WEBAUTHN_RP_ID"), config.get("WEBAUTHN_ORIGIN")
    )


def keys_of(user: User) -> list[WebAuthnCredential]:
    """The user's passkeys and security keys, oldest first."""
    query = (
        sa.select(WebAuthnCredential)
        .where(WebAuthnCredential.user_id == user.id)
        .order_by(WebAuthnCredential.created_at, WebAuthnCredential.id)
    )
    return list(db.session.scalars(query))


def _key(row: WebAuthnCredential) -> ceremonies.Key:
    return ceremonies.Key(
        row.credential_id, row.public_key, row.sign_count, tuple(row.transports or ())
    )


def _begin(kind: str, user: User, challenge: str) -> None:
    until = utcnow() + timedelta(seconds=ceremonies.CEREMONY_SECONDS)
    session[CEREMONY] = {
        "kind": kind,
        "user": user.id,
        "challenge": challenge,
        "until": int(until.timestamp()),
    }


def _challenge(kind: str, user: User) -> str:
    """The challenge of the user's ceremony of this kind, taken from the session (once)."""
    state = session.pop(CEREMONY, None)
    if not isinstance(state, dict) or state.get("kind") != kind or state.get("user") != user.id:
        raise Refused(FactorRefusal.PASSKEY_EXPIRED)
    until, challenge = state.get("until"), state.get("challenge")
    if not isinstance(until, int) or until < utcnow().timestamp() or not isinstance(challenge, str):
        raise Refused(FactorRefusal.PASSKEY_EXPIRED)
    return challenge


def _room_for_one_more(user: User) -> list[WebAuthnCredential]:
    keys = keys_of(user)
    if len(keys) >= ceremonies.MAX_KEYS:
        raise Refused(FactorRefusal.PASSKEY_TOO_MANY, count=ceremonies.MAX_KEYS)
    return keys


# --- adding and removing ---------------------------------------------------------------------


def registration_options(user: User) -> str | Refused:
    """Begin adding a key: the options for the browser (JSON), the challenge waiting in the
    session; or why no key may be added."""
    try:
        keys = _room_for_one_more(user)
    except Refused as refused:
        return refused
    handle = ceremonies.user_handle(current_app.config["SECRET_KEY"], user.id)
    options, challenge = ceremonies.registration_options(
        relying_party(), handle, user.email, user.name, [_key(k) for k in keys]
    )
    _begin(REGISTER, user, challenge)
    return options


def add_passkey(user: User, name: str, answer: str | None) -> Refused | list[str]:
    """Add the key the browser registered under `name`. Added: the ten recovery codes if it is
    the account's first factor (to show once), else none. Refused: the refusal to show, which
    is recorded, so the caller commits either way."""
    try:
        return _add(user, name, answer)
    except Refused as refused:
        record("auth.passkey_add_failed", user, user=user, details={"reason": str(refused.code)})
        return refused


def _add(user: User, name: str, answer: str | None) -> list[str]:
    _room_for_one_more(user)
    challenge = _challenge(REGISTER, user)
    new = ceremonies.verify_registration(relying_party(), challenge, answer)
    taken = sa.select(WebAuthnCredential.id).where(
        WebAuthnCredential.credential_id == new.credential_id
    )
    if db.session.scalar(taken) is not None:
        raise Refused(FactorRefusal.PASSKEY_TAKEN)
    first = not second_step.has_factor(user)
    key = WebAuthnCredential(
        user_id=user.id,
        credential_id=new.credential_id,
        public_key=new.public_key,
        sign_count=new.sign_count,
        transports=list(new.transports),
        name=name.strip(),
    )
    db.session.add(key)
    db.session.flush()
    record("auth.passkey_added", key, user=user, details={"name": key.name})
    session.pop(second_step.ENROL, None)
    return new_recovery_codes(user) if first else []


def is_last_factor(user: User, key: WebAuthnCredential) -> bool:
    """True when the key is the user's only second factor (no other key, no app)."""
    return second_step.factors(user) == ["passkey"] and len(keys_of(user)) == 1


def remove_passkey(user: User, key: WebAuthnCredential, password: str) -> bool:
    """Remove one of the user's keys, given the password; whether the account still has a
    second factor. With the last factor go the recovery codes, and one whose role must have a
    factor is sent to set up a new one."""
    if not verify_password(user, password or ""):
        raise Refused(FactorRefusal.WRONG_PASSWORD, field="password")
    db.session.delete(key)
    db.session.flush()
    record("auth.passkey_removed", key, user=user, details={"name": key.name})
    left = second_step.has_factor(user)
    if not left:
        drop_recovery_codes(user)
    second_step.after_sign_in(user)
    return left


# --- logging in ------------------------------------------------------------------------------


def sign_in_options(user: User) -> str | Refused:
    """Begin the second step with a key: the options for the browser (JSON), naming the
    account's own keys, the challenge waiting in the session; or why not (it has none)."""
    keys = keys_of(user)
    if not keys:
        return Refused(FactorRefusal.PASSKEY_UNKNOWN)
    options, challenge = ceremonies.authentication_options(relying_party(), [_key(k) for k in keys])
    _begin(SIGN_IN, user, challenge)
    return options


def sign_in_with_passkey(user: User, answer: str | None, ip: str) -> Refused | None:
    """The second step of logging in with a key. Right: the session is made. Wrong: the
    refusal to show; the failure is recorded (it counts for the throttle, as a wrong code does,
    and is in the audit log), so the caller commits either way."""
    key, refused = _check_assertion(user, answer)
    db.session.add(LoginAttempt(email=normal_email(user.email), ip=ip, succeeded=refused is None))
    if refused is not None:
        details = {"reason": str(refused.code), "method": "passkey"}
        if key is not None:
            details["passkey"] = key.id
        record("auth.second_step_failed", user, user=user, details=details)
        return refused
    record("auth.passkey_used", key, user=user, details={"name": key.name})
    finish_log_in(user, "password+passkey")
    return None


def _check_assertion(
    user: User, answer: str | None
) -> tuple[WebAuthnCredential | None, Refused | None]:
    """The key that signed, and why it is refused (None: it is not)."""
    try:
        challenge = _challenge(SIGN_IN, user)
        credential = ceremonies.read_assertion(answer)
    except Refused as refused:
        return None, refused
    key = db.session.scalar(
        sa.select(WebAuthnCredential).where(
            WebAuthnCredential.user_id == user.id,
            WebAuthnCredential.credential_id == credential.raw_id,
        )
    )
    if key is None:
        return None, Refused(FactorRefusal.PASSKEY_UNKNOWN)
    try:
        count = ceremonies.verify_assertion(relying_party(), challenge, credential, _key(key))
    except Refused as refused:
        return key, refused
    if not _count_up(key, count):
        return key, Refused(FactorRefusal.PASSKEY_COUNTER)
    return key, None


def _count_up(key: WebAuthnCredential, count: int) -> bool:
    """Keep the key's new counter, only if no request kept this one or a higher one meanwhile
    (a key that keeps no counter says 0 every time)."""
    raised = WebAuthnCredential.sign_count < count if count else WebAuthnCredential.sign_count == 0
    taken = db.session.execute(
        sa.update(WebAuthnCredential)
        .where(WebAuthnCredential.id == key.id, raised)
        .values(sign_count=count, last_used_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return taken.rowcount == 1
