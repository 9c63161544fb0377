"""The second factor's operations: enrolling an authenticator app, recovery codes, removing the
factor, the administrator's policy, and the code that completes a sign-in.

The codes themselves (secrets, time steps, recovery codes) are `app/auth/totp.py`; the state
between password and code, and who must have a factor, `app/auth/second_step.py`; passkeys and
security keys, the other kind of factor, `app/auth/passkeys.py`. The recovery codes belong to
the account's second factor, whichever kind: they come with the first and go with the last.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, session

from app.audit import record
from app.auth import second_step, totp
from app.auth.factor_models import RecoveryCode, SecondFactorPolicy, TotpFactor
from app.auth.models import LoginAttempt, User
from app.auth.services import finish_log_in, verify_password
from app.auth.throttle import normal_email
from app.auth.vocab import FactorRefusal
from app.db import utcnow
from app.extensions import db
from app.refusals import Refused
from app.vocab import STAFF_ROLES, Role


def _key() -> str:
    return current_app.config["SECRET_KEY"]


def factor_of(user: User) -> TotpFactor | None:
    """The user's authenticator app, on or being set up."""
    return db.session.get(TotpFactor, user.id)


def enrolment_secret(user: User) -> str | None:
    """The secret of an enrolment in progress (shown until a code is typed back); None once the
    factor is on, or when none was started: a factor's secret is never shown again."""
    factor = factor_of(user)
    if factor is None or factor.enabled_at is not None:
        return None
    return totp.unseal(_key(), user.id, factor.secret)


def unused_recovery_codes(user: User) -> int:
    """How many of the user's recovery codes are left."""
    query = sa.select(sa.func.count()).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return db.session.scalar(query)


def start_enrolment(user: User) -> None:
    """Begin setting up an authenticator app with a new secret (again, if one was begun)."""
    factor = factor_of(user)
    if factor is not None and factor.enabled_at is not None:
        raise Refused(FactorRefusal.ALREADY_ON)
    if factor is None:
        factor = TotpFactor(user_id=user.id)
        db.session.add(factor)
    factor.secret = totp.seal(_key(), user.id, totp.new_secret())
    factor.last_step = None
    db.session.flush()
    record("auth.totp_enrolment_started", user, user=user)


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Turn the factor on with a code from the app; the ten new recovery codes, to show once."""
    factor = factor_of(user)
    if factor is not None and factor.enabled_at is not None:
        raise Refused(FactorRefusal.ALREADY_ON)
    if factor is None:
        raise Refused(FactorRefusal.NOT_STARTED)
    if not totp.looks_like_totp(code):
        raise Refused(FactorRefusal.NOT_A_CODE, field="code")
    refusal = _accept_totp(factor, user, code)
    if refusal is not None:
        raise Refused(refusal, field="code")
    factor.enabled_at = utcnow()
    record("auth.totp_enrolled", user, user=user)
    session.pop(second_step.ENROL, None)
    return new_recovery_codes(user)


def make_recovery_codes(user: User, password: str) -> list[str]:
    """A new set of recovery codes in place of the old (which no longer work), given the
    password; the codes, to show once."""
    if not verify_password(user, password or ""):
        raise Refused(FactorRefusal.WRONG_PASSWORD, field="password")
    if not second_step.has_factor(user):
        raise Refused(FactorRefusal.NOT_STARTED)
    return new_recovery_codes(user)


def remove_factor(user: User, password: str) -> bool:
    """Remove the authenticator app, given the password; whether the account still has a second
    factor (a passkey). Without one, the recovery codes go too, and one whose role must have a
    factor is sent to set up a new one."""
    if not verify_password(user, password or ""):
        raise Refused(FactorRefusal.WRONG_PASSWORD, field="password")
    factor = factor_of(user)
    if factor is None or factor.enabled_at is None:
        raise Refused(FactorRefusal.NOT_STARTED)
    db.session.delete(factor)
    db.session.flush()
    record("auth.totp_removed", user, user=user)
    left = second_step.has_factor(user)
    if not left:
        drop_recovery_codes(user)
    second_step.after_sign_in(user)
    return left


def sign_in_with_code(user: User, code: str, ip: str) -> Refused | None:
    """The second step of signing in: a code from the app or a recovery code. Right: the session
    is made. Wrong: the refusal to show; the failure is recorded (it counts for the throttle and
    is in the audit log), so the caller commits either way."""
    method, refusal = _check_second_factor(user, code)
    db.session.add(LoginAttempt(email=normal_email(user.email), ip=ip, succeeded=refusal is None))
    if refusal is not None:
        record("auth.second_step_failed", user, user=user, details={"reason": refusal.value})
        return Refused(refusal, field="code")
    finish_log_in(user, method)
    return None


def _check_second_factor(user: User, code: str) -> tuple[str, FactorRefusal | None]:
    factor = factor_of(user)
    if factor is None or factor.enabled_at is None:  # a passkey's account: recovery codes only
        refusal = _use_recovery_code(user, code)
        return "password+recovery", refusal and FactorRefusal.WRONG_RECOVERY_CODE
    if totp.looks_like_totp(code):
        refusal = _accept_totp(factor, user, code)
        if refusal is FactorRefusal.WRONG_CODE:
            refusal = FactorRefusal.WRONG_SIGN_IN_CODE
        return "password+totp", refusal
    return "password+recovery", _use_recovery_code(user, code)


def _accept_totp(factor: TotpFactor, user: User, code: str) -> FactorRefusal | None:
    """Accept the code once: its time step becomes the last one used."""
    secret = totp.unseal(_key(), user.id, factor.secret)
    if secret is None:  # sealed under another SECRET_KEY
        return FactorRefusal.WRONG_CODE
    step = totp.matching_step(secret, code, utcnow(), factor.last_step)
    if step == 0:
        return FactorRefusal.WRONG_CODE
    if step < 0:
        return FactorRefusal.CODE_USED
    # Only if no request accepted this step or a later one meanwhile.
    taken = db.session.execute(
        sa.update(TotpFactor)
        .where(
            TotpFactor.user_id == user.id,
            sa.or_(TotpFactor.last_step.is_(None), TotpFactor.last_step < step),
        )
        .values(last_step=step)
        .execution_options(synchronize_session="fetch")
    )
    return FactorRefusal.CODE_USED if taken.rowcount != 1 else None


def _use_recovery_code(user: User, code: str) -> FactorRefusal | None:
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == totp.recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:
        return FactorRefusal.WRONG_SIGN_IN_CODE
    record(
        "auth.recovery_code_used", user, user=user, details={"left": unused_recovery_codes(user)}
    )
    return None


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes in place of any the user had; the codes, to show once."""
    drop_recovery_codes(user)
    codes = totp.new_recovery_codes()
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=totp.recovery_hash(code)) for code in codes
    )
    db.session.flush()
    record("auth.recovery_codes_made", user, user=user, details={"count": len(codes)})
    return codes


def drop_recovery_codes(user: User) -> None:
    """Remove the user's recovery codes (with the last second factor)."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def set_policy(required: set[Role], actor: User) -> None:
    """Which roles must sign in with a second factor, from the next sign-in on."""
    chosen = {row.role: row for row in db.session.scalars(sa.select(SecondFactorPolicy))}
    for role in STAFF_ROLES:
        row = chosen.get(role) or SecondFactorPolicy(role=role)
        row.required = role in required
        db.session.add(row)
    db.session.flush()
    record(
        "auth.factor_policy_changed",
        user=actor,
        details={"required": sorted(role.value for role in required)},
    )
