"""Password reset by a mailed link: asked for on the login page, or forced by an administrator.

A link carries a random token; its row (`PasswordReset`) keeps only the token's SHA-256, when
it expires (PASSWORD_RESET_VALID_FOR, 30 minutes) and a fingerprint of the password it was made
for. It works once: using it sets a new password, which voids it and every other link of the
account (their fingerprint no longer matches), and ends every session of the account. Asking
answers the same whether or not an account has the address; an account gets at most
PASSWORD_RESET_PER_ACCOUNT links an hour (an address asks at most PASSWORD_RESET_LIMIT times:
the view's rate limit). An administrator's forced reset makes the current password unusable at
once, ends the sessions and sends the link: nobody but the person ever knows the password. A new
account's welcome link (app/auth/welcome.py) is a link of the same kind that lives longer.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit import record
from app.auth.federation import passwords_off
from app.auth.models import PasswordReset, User
from app.auth.services import find_user, hash_password, set_password
from app.auth.sessions import end_sessions
from app.auth.throttle import normal_email
from app.auth.vocab import LinkProblem, Refusal
from app.db import utcnow
from app.extensions import db
from app.mail import message, render_mail, send_on_commit
from app.refusals import Refused
from app.vocab import Role


@dataclass(frozen=True)
class Link:
    """A reset link as the URL names it: its row, and why it cannot be used (None: it can)."""

    reset: PasswordReset | None
    problem: LinkProblem | None

    @property
    def usable(self) -> bool:
        return self.problem is None


def digest(value: str) -> str:
    """SHA-256 in hex: of a link's token (its row's key) or of a password hash (its fingerprint)."""
    return hashlib.sha256(value.encode()).hexdigest()


def find_link(token: str) -> Link:
    """The link this token names, and whether it can still be used."""
    query = sa.select(PasswordReset).where(PasswordReset.token_hash == digest(token))
    reset = db.session.scalar(query)
    if reset is None or not reset.user.is_active:
        return Link(None, LinkProblem.UNKNOWN)
    return Link(reset, _problem(reset))


def _problem(reset: PasswordReset) -> LinkProblem | None:
    if reset.used_at is not None or reset.password_fingerprint != digest(reset.user.password_hash):
        return LinkProblem.USED
    if reset.expires_at <= utcnow():
        return LinkProblem.EXPIRED
    return None


def valid_for(*, welcome: bool = False) -> timedelta:
    """How long a link works: a reset link PASSWORD_RESET_VALID_FOR, a welcome link
    WELCOME_LINK_DAYS days."""
    config = current_app.config
    if welcome:
        return timedelta(days=config["WELCOME_LINK_DAYS"])
    return config["PASSWORD_RESET_VALID_FOR"]


def issue_link(user: User, *, welcome: bool = False) -> str:
    """A new link for `user`, valid from now: its token (only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        PasswordReset(
            user=user,
            token_hash=digest(token),
            password_fingerprint=digest(user.password_hash),
            created_at=now,
            expires_at=now + valid_for(welcome=welcome),
            is_welcome=welcome,
        )
    )
    db.session.flush()
    return token


def ask_for_reset(email: str) -> None:
    """Someone asks for a link to the account with this address: mail one when there is an
    active account and it has not had too many lately. Logged either way; the caller answers
    the same either way."""
    user = find_user(email)
    matched = user is not None and user.is_active
    details = {"email": normal_email(email), "matched": matched}
    if matched and _recent_links(user) >= current_app.config["PASSWORD_RESET_PER_ACCOUNT"]:
        details["throttled"] = True
        matched = False
    if matched and Role.PARTICIPANT in user.roles:
        details["participant"] = True  # signs in by e-ID or a one-time code (app/portal)
        matched = False
    if matched and passwords_off(user):
        details["passwords_off"] = True  # signs in through the municipality's provider only
        matched = False
    record("auth.password_reset_asked", user if details["matched"] else None, details=details)
    if matched:
        _mail_link(user, forced=False)


def force_reset(user: User, actor: User) -> None:
    """An administrator's reset: the current password stops working, every session ends, and
    the person gets a link to choose a new one (no one else ever sees it)."""
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # known to no one
    end_sessions(user)
    record("admin.password_reset", user, user=actor, details={"forced": True})
    _mail_link(user, forced=True)


def reset_by_link(reset: PasswordReset, password: str) -> None:
    """Set the password the link's owner chose; the link and every other one of the account
    are void from now on, and every session of the account ends."""
    now = utcnow()
    # Claimed in one statement: of two requests racing with the same link, one gets it.
    claim = (
        sa.update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if _problem(reset) is not None or db.session.execute(claim).rowcount != 1:
        raise Refused(Refusal.RESET_LINK_DEAD)
    reset.used_at = now
    user = reset.user
    set_password(user, password)
    action = (
        "auth.password_chosen_by_welcome_link"
        if reset.is_welcome
        else "auth.password_reset_by_link"
    )
    record(action, user, user=user)


def _recent_links(user: User) -> int:
    since = utcnow() - timedelta(hours=1)
    query = sa.select(sa.func.count()).where(
        PasswordReset.user_id == user.id, PasswordReset.created_at > since
    )
    return db.session.scalar(query)


def _mail_link(user: User, *, forced: bool) -> None:
    """Make a link and mail it to the person, in their language, once the transaction commits."""
    token = issue_link(user)
    link = external_url("auth.reset_password", token=token)
    minutes = int(current_app.config["PASSWORD_RESET_VALID_FOR"].total_seconds() // 60)
    context = {"user": user, "link": link, "minutes": minutes, "forced": forced}
    with force_locale(user.locale or "sv"):
        subject = _("Choose a new password for Validera")
        text, html = render_mail("auth/mail/password_reset", user.email, subject=subject, **context)
    send_on_commit(message(user.email, subject, text, html))
    record("auth.password_reset_mailed", user, details={"forced": forced})


def external_url(endpoint: str, **values) -> str:
    """A full address for a mail: on PUBLIC_BASE_URL when set (never on a Host header someone
    sent), else on the request's own address."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        path = url_for(endpoint, **values)
        return urljoin(base.rstrip("/") + "/", path.lstrip("/"))
    return url_for(endpoint, **values, _external=True)
