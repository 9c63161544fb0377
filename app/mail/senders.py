"""Who a mail is from, and its footer: the municipality the mail is sent for.

Every mail Validera sends has one layout (`templates/mail/layout.html` and `layout.txt`), whose
footer holds the municipality's footer text (its address, phone, opening hours) and, unless the
municipality has a reply-to address, the line that tells not to reply. From shows the
municipality's sender name with MAIL_DEFAULT_SENDER's address (`"Name" <address>`, encoded by
Flask-Mailman when it is not ASCII); Reply-To is the municipality's reply-to address.

The municipality is that of the recipient's account (its own, or its employer's), or one the
service names: a participant, who has no account, gets mail for the case's municipality.

    text, html = render_mail("auth/mail/welcome", user.email, subject=subject, **context)
    send_on_commit(message(user.email, subject, text, html))
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import get_locale

from app.extensions import db
from app.organisations.models import Municipality


@dataclass(frozen=True)
class Sender:
    """From, Reply-To and the footer of a mail sent for a municipality (or for none)."""

    from_header: str
    reply_to: str | None
    footer: str | None
    municipality_id: int | None

    @property
    def footer_lines(self) -> list[str]:
        """The footer's lines, without empty ones."""
        return [line.strip() for line in (self.footer or "").splitlines() if line.strip()]


def default_sender() -> str:
    """MAIL_DEFAULT_SENDER as configured, e.g. `Validera <no-reply@kommun.se>`."""
    return current_app.config["MAIL_DEFAULT_SENDER"]


def default_address() -> str:
    """The address of MAIL_DEFAULT_SENDER, without its name: every mail comes from it."""
    return parseaddr(default_sender())[1]


def from_header(name: str | None) -> str:
    """`"name" <MAIL_DEFAULT_SENDER's address>`; MAIL_DEFAULT_SENDER itself without a name."""
    name = " ".join((name or "").split())  # one line: a header never breaks
    if not name:
        return default_sender()
    return str(Address(display_name=name, addr_spec=default_address()))


def sender_of(municipality: Municipality | None) -> Sender:
    """How mail sent for `municipality` looks (None: Validera's defaults)."""
    if municipality is None:
        return Sender(default_sender(), None, None, None)
    return Sender(
        from_header(municipality.mail_sender_name),
        municipality.mail_reply_to or None,
        municipality.mail_footer or None,
        municipality.id,
    )


def recipient(address: str) -> tuple[str | None, Municipality | None]:
    """The language and the municipality of the account with this address, if there is one."""
    from app.auth.models import User  # mail is sent by the accounts' area, not the other way

    user = db.session.scalar(sa.select(User).where(User.email == address.strip().lower()))
    if user is None:
        return None, None
    municipality = user.municipality or (user.employer.municipality if user.employer else None)
    return user.locale, municipality


def sender_for(address: str, municipality: Municipality | None = None) -> Sender:
    """The sender of a mail to `address`: for `municipality` when given, else for the
    municipality of the account with that address."""
    if municipality is None:
        municipality = recipient(address)[1]
    return sender_of(municipality)


def render_mail(
    template: str, to: str, *, municipality: Municipality | None = None, **context
) -> tuple[str, str]:
    """The text and the HTML of a mail to `to` (`<template>.txt` and `<template>.html`, which
    extend the shared layout), in the current language, with the municipality's footer."""
    values = {**context, "mail": sender_for(to, municipality), "mail_language": str(get_locale())}
    return (
        render_template(f"{template}.txt", **values),
        render_template(f"{template}.html", **values),
    )
