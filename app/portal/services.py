"""The participant's own account: given and ended by the coach, opened by e-ID, and signed in to
with a one-time code (mailed, or handed over by the coach in person).

A participant's account (`User` with the one role PARTICIPANT and `participant_id`) has no
usable password: the person signs in through the municipality's e-ID provider
(`app.auth.federation`, which asks `find_for_eid`), with a code mailed to the address the coach
registered (where the municipality allows it, never for a protected identity or a reserve
number), or with a code the coach reads out to them. A code works once, for ten minutes; a few
wrong tries void it, and wrong codes count towards the login throttle (`app.auth.throttle`).
Asking for a mailed code answers the same whether or not the address is known. A code by text
message needs a sender Validera does not have (an SMS provider): it would be a second delivery
beside `_mail_code`, to `Participant.phone`, under the same rules.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit import record
from app.auth.models import LoginAttempt, User
from app.auth.services import finish_log_in, unusable_password
from app.auth.sessions import end_sessions
from app.auth.throttle import normal_email
from app.cases.models import Participant
from app.db import utcnow
from app.extensions import db
from app.mail import message, render_mail, send_on_commit
from app.portal.models import PortalSettings, SignInCode
from app.portal.queries import mail_codes_on
from app.portal.vocab import CodeKind, Refusal
from app.refusals import Refused
from app.vocab import Role

CODE_VALID_FOR = timedelta(minutes=10)
CODE_TRIES = 5  # wrong tries that void a code
MAIL_CODES_PER_HOUR = 3  # codes mailed to one account within an hour, at most
# What a handed-over code is made of: no 0/O or 1/I/L to mix up when it is read out.
HANDOVER_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
HANDOVER_LENGTH = 10
# The throttle's name for attempts with a handed-over code, which names no address.
HANDOVER_KEY = "handover-code"


def account_of(participant: Participant) -> User | None:
    """The participant's own account, active or not."""
    return db.session.scalar(sa.select(User).where(User.participant_id == participant.id))


def has_access(participant: Participant) -> bool:
    """True while the participant's own account is active."""
    account = account_of(participant)
    return account is not None and account.is_active


def give_access(participant: Participant, actor: User) -> User:
    """The coach gives the participant their own pages ("Ge tillgång till Mina sidor"): a new
    account, or the ended one again."""
    if participant.is_anonymised:
        raise Refused(Refusal.ANONYMISED)
    account = account_of(participant)
    if account is not None and account.is_active:
        raise Refused(Refusal.ALREADY_OPEN)
    if account is None:
        account = _open_account(participant)
    account.is_active = True
    record("portal.access_given", account, participant_id=participant.id, user=actor)
    return account


def end_access(participant: Participant, actor: User) -> None:
    """The coach ends the participant's access: the account stays, inactive, and every session
    and unused code of it ends."""
    account = account_of(participant)
    if account is None or not account.is_active:
        raise Refused(Refusal.NO_ACCESS)
    account.is_active = False
    end_sessions(account)
    _void_codes(account)
    record("portal.access_ended", account, participant_id=participant.id, user=actor)


def _open_account(participant: Participant) -> User:
    """A new account of the participant, with no password. Its address is the participant's
    when no account has it; else one that reaches nobody (the account is found by the
    participant, never by its address)."""
    email = (participant.email or "").strip().lower()
    taken = email and db.session.scalar(sa.select(User.id).where(User.email == email))
    if not email or taken:
        email = f"participant-{participant.id}-{secrets.token_hex(4)}@portal.invalid"
    account = User(
        email=email,
        name=participant.full_name[:200],
        password_hash=unusable_password(),
        municipality_id=participant.municipality_id,
        participant_id=participant.id,
        locale="sv",
    )
    account.set_roles({Role.PARTICIPANT})
    db.session.add(account)
    db.session.flush()
    return account


def find_for_eid(municipality_id: int, digits: str) -> User | None:
    """The own account of the municipality's participant with this personal number, opened at
    their first sign-in with e-ID (`app.auth.federation.participant_finder`)."""
    participant = db.session.scalar(
        sa.select(Participant).where(
            Participant.municipality_id == municipality_id,
            Participant.personal_number == digits,
            Participant.anonymised_at.is_(None),
            Participant.is_reserve_number.is_(False),
        )
    )
    if participant is None:
        return None
    account = account_of(participant)
    if account is None:
        account = _open_account(participant)
        record("portal.access_opened_by_eid", account, participant_id=participant.id, user=account)
    return account


# --- one-time codes ----------------------------------------------------------------------------


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _mail_digest(user_id: int, code: str) -> str:
    return _digest(f"{user_id}:{code}")


def normal_handover(code: str) -> str:
    """A handed-over code as typed, without spaces and dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _void_codes(account: User, kind: CodeKind | None = None) -> None:
    query = sa.update(SignInCode).where(
        SignInCode.user_id == account.id, SignInCode.used_at.is_(None)
    )
    if kind is not None:
        query = query.where(SignInCode.kind == kind)
    db.session.execute(
        query.values(expires_at=utcnow()).execution_options(synchronize_session=False)
    )


def _new_code(account: User, kind: CodeKind, code_hash: str, made_by: User | None = None) -> None:
    now = utcnow()
    db.session.add(
        SignInCode(
            user_id=account.id,
            kind=kind,
            code_hash=code_hash,
            created_at=now,
            expires_at=now + CODE_VALID_FOR,
            made_by_id=made_by.id if made_by is not None else None,
        )
    )
    db.session.flush()


def hand_over_code(participant: Participant, actor: User) -> str:
    """A code the coach reads out to the participant, in person: it signs them in once, within
    ten minutes. Any earlier code to hand over stops working."""
    account = account_of(participant)
    if account is None or not account.is_active:
        raise Refused(Refusal.NO_ACCESS)
    _void_codes(account, CodeKind.HANDOVER)
    code = "".join(secrets.choice(HANDOVER_ALPHABET) for _ in range(HANDOVER_LENGTH))
    _new_code(account, CodeKind.HANDOVER, _digest(f"handover:{code}"), made_by=actor)
    record("portal.code_handed_over", account, participant_id=participant.id, user=actor)
    return f"{code[:5]}-{code[5:]}"


def may_get_mail_code(participant: Participant) -> bool:
    """A protected identity and a reserve number sign in only by e-ID or a handed-over code."""
    return not (
        participant.is_protected or participant.is_reserve_number or participant.is_anonymised
    ) and mail_codes_on(participant.municipality_id)


def _accounts_by_address(email: str) -> list[tuple[User, Participant]]:
    """The active participants' accounts whose participant has this address registered."""
    query = (
        sa.select(User, Participant)
        .join(Participant, Participant.id == User.participant_id)
        .where(sa.func.lower(Participant.email) == normal_email(email), User.is_active.is_(True))
        .order_by(User.id)
    )
    return [(user, person) for user, person in db.session.execute(query).tuples()]


def ask_for_mail_code(email: str) -> None:
    """Someone asks for a code to this address: each participant's account with the address
    registered, of a municipality that allows it, gets one (at most a few an hour). Logged;
    the caller answers the same either way."""
    sent = 0
    for account, person in _accounts_by_address(email):
        if not may_get_mail_code(person):
            record("portal.code_refused", account, participant_id=person.id, user=account)
            continue
        if _recent_mail_codes(account) >= MAIL_CODES_PER_HOUR:
            record("portal.code_throttled", account, participant_id=person.id, user=account)
            continue
        code = f"{secrets.randbelow(10**6):06d}"
        _new_code(account, CodeKind.MAIL, _mail_digest(account.id, code))
        _mail_code(account, person, email, code)
        record("portal.code_mailed", account, participant_id=person.id, user=account)
        sent += 1
    if not sent:
        record("portal.code_asked", None, details={"email": normal_email(email), "sent": 0})


def _recent_mail_codes(account: User) -> int:
    since = utcnow() - timedelta(hours=1)
    query = sa.select(sa.func.count()).where(
        SignInCode.user_id == account.id,
        SignInCode.kind == CodeKind.MAIL,
        SignInCode.created_at > since,
    )
    return db.session.scalar(query)


def _mail_code(account: User, person: Participant, email: str, code: str) -> None:
    """Mail the code in the account's language, once the transaction commits. The mail names
    nobody: only the code and how long it works."""
    minutes = int(CODE_VALID_FOR.total_seconds() // 60)
    town = person.municipality
    with force_locale(account.locale or "sv"):
        subject = _("Your code for Validera")
        text, html = render_mail(
            "portal/mail/code", email, municipality=town, subject=subject, code=code,
            minutes=minutes,
        )  # fmt: skip
    send_on_commit(message(email, subject, text, html), municipality=town)


def _live_codes(kind: CodeKind):
    return sa.select(SignInCode).where(
        SignInCode.kind == kind,
        SignInCode.used_at.is_(None),
        SignInCode.expires_at > utcnow(),
        SignInCode.failures < CODE_TRIES,
    )


def sign_in_with_mail_code(email: str, code: str, ip: str) -> User | None:
    """Sign in the participant whose mailed code this is; None (recorded as a failed attempt)
    when it is wrong, used, expired or voided by wrong tries."""
    code = "".join(ch for ch in code if ch.isdigit())
    candidates = [
        (account, person) for account, person in _accounts_by_address(email)
        if may_get_mail_code(person)
    ]  # fmt: skip
    ids = [account.id for account, _person in candidates]
    live = list(db.session.scalars(_live_codes(CodeKind.MAIL).where(SignInCode.user_id.in_(ids))))
    found = next((row for row in live if row.code_hash == _mail_digest(row.user_id, code)), None)
    return _finish(found, live, normal_email(email), ip, "mail_code")


def sign_in_with_handover_code(code: str, ip: str) -> User | None:
    """Sign in the participant whose coach handed over this code; None (a failed attempt) when
    it is wrong, used or expired."""
    wanted = _digest(f"handover:{normal_handover(code)}")
    query = _live_codes(CodeKind.HANDOVER).where(SignInCode.code_hash == wanted)
    found = db.session.scalar(query.order_by(SignInCode.id.desc()).limit(1))
    if found is not None and not found.user.is_active:
        found = None
    return _finish(found, [], HANDOVER_KEY, ip, "handover_code")


def _finish(found: SignInCode | None, tried: list[SignInCode], key: str, ip: str, method: str):
    """Use the code and log its person in; or count a wrong try against the throttle and the
    codes that were tried."""
    db.session.add(LoginAttempt(email=key, ip=ip, succeeded=found is not None))
    if found is None:
        for row in tried:
            row.failures += 1
        record("auth.login_failed", None, details={"email": key, "reason": f"wrong_{method}"})
        return None
    found.used_at = utcnow()
    account = found.user
    _void_codes(account)  # one sign-in voids every other code of the account
    finish_log_in(account, method)
    return account


def save_settings(municipality_id: int, mail_codes: bool, actor: User) -> PortalSettings:
    """The administrator's choice of how the municipality's participants may sign in."""
    found = db.session.get(PortalSettings, municipality_id)
    if found is None:
        found = PortalSettings(municipality_id=municipality_id)
        db.session.add(found)
    found.mail_codes = mail_codes
    db.session.flush()
    record(
        "portal.settings_saved",
        None,
        user=actor,
        details={"municipality": municipality_id, "mail_codes": mail_codes},
    )
    return found
