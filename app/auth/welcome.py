"""Welcome links: a new account has no password, and its person chooses one with a mailed link.

An administrator never reads or sets a password. Creating an account stores no usable password
(`services.unusable_password`) and mails the person a welcome link: a link of the password-reset
kind (app/auth/password_reset.py: a row in `password_resets` keeping only its token's digest,
single use, void as soon as the account gets any password) marked `is_welcome`, which works for
WELCOME_LINK_DAYS days (7) instead of 30 minutes. Its mail says who made the account, for which
organisation, and what Validera is; its page says "Choose your password". While the person has
never logged in, an administrator may send a new link: the account then stores a new unusable
password, so the links sent before stop working.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit import record
from app.auth.models import User
from app.auth.password_reset import external_url, issue_link
from app.auth.services import has_usable_password, unusable_password
from app.mail import message, render_mail, send_on_commit


def welcome_days() -> int:
    """How many days a welcome link works."""
    return current_app.config["WELCOME_LINK_DAYS"]


def mail_welcome(user: User, actor: User, *, again: bool = False) -> None:
    """Mail the person of a new account a link to choose their password, in their language,
    once the transaction commits; `again`: a new link in place of the earlier ones."""
    token = issue_link(user, welcome=True)
    context = {
        "user": user,
        "actor": actor,
        "again": again,
        "link": external_url("auth.reset_password", token=token),
        "login": external_url("auth.login"),
        "days": welcome_days(),
        "organisation": user.organisation.name if user.organisation else None,
    }
    with force_locale(user.locale or "sv"):
        subject = _("Welcome to Validera")
        text, html = render_mail("auth/mail/welcome", user.email, subject=subject, **context)
    send_on_commit(message(user.email, subject, text, html))
    record("auth.welcome_link_mailed", user, user=actor, details={"again": again})


def renew_welcome(user: User, actor: User) -> None:
    """A new welcome link for one who has not chosen a password: the earlier links stop
    working (one who has chosen one already has no working link left)."""
    if not has_usable_password(user):
        user.password_hash = unusable_password()
    mail_welcome(user, actor, again=True)
