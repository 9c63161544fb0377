"""Where mail goes, through Flask-Mailman, and how one stored message is handed to it.

From the MAIL_* settings (`configure`): to MAIL_SERVER over SMTP; without one, into files in
MAIL_FILE_PATH (default instance/mail), with a warning at startup; the test configuration keeps it
in memory unless a test starts an SMTP server (tests/mailbox.py).

A message may carry an invitation to a calendar event (iCalendar text, METHOD REQUEST or CANCEL).
It goes as mail programs expect one: a `text/calendar; method=...; charset=utf-8` part beside
the text and the HTML in the message's `multipart/alternative` (what Outlook and Gmail show as an
invitation with its buttons), and the same text as an `invite.ics` attachment (for programs that
only look at attachments).
"""

from __future__ import annotations

from pathlib import Path

import icalendar
from flask import Flask, current_app
from flask_mailman import EmailMultiAlternatives, Mail

mail = Mail()

METHODS = ("REQUEST", "CANCEL")
INVITATION_FILE = "invite.ics"


class Message(EmailMultiAlternatives):
    """A message whose alternatives may carry MIME parameters (`text/calendar; method=X`)."""

    calendar: str | None = None
    calendar_method: str | None = None

    def _create_mime_attachment(self, content, mimetype):
        kind, _, parameters = mimetype.partition(";")
        part = super()._create_mime_attachment(content, kind.strip())
        if kind.strip() == "text/calendar":  # as invitations are written: method before charset
            part.replace_header("Content-Type", f"text/calendar;{parameters}; charset=utf-8")
        return part


def configure(app: Flask) -> None:
    """Flask-Mailman's settings from the application's (again after a change, e.g. in a test)."""
    config = app.config
    if not config.get("MAIL_PASSWORD") and config.get("MAIL_PASSWORD_FILE"):
        config["MAIL_PASSWORD"] = Path(config["MAIL_PASSWORD_FILE"]).read_text().strip()
    if config.get("MAIL_SERVER"):
        config["MAIL_BACKEND"] = "smtp"
    elif not config.get("MAIL_BACKEND"):
        config["MAIL_BACKEND"] = "file"
        config["MAIL_FILE_PATH"] = config.get("MAIL_FILE_PATH") or str(
            Path(app.instance_path) / "mail"
        )
        app.logger.warning(
            "MAIL_SERVER is not set: mail is not sent but written to files in %s. "
            "Set MAIL_SERVER (see the README, Configuration) wherever people use Validera.",
            config["MAIL_FILE_PATH"],
        )
    mail.init_app(app)


def message(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    calendar: str | None = None,
    method: str | None = None,
    sender: str | None = None,
    reply_to: str | None = None,
) -> Message:
    """A message to one address, in plain text (and HTML), from `sender` (MAIL_DEFAULT_SENDER
    unless given; `send_on_commit` sets the municipality's), with an invitation to a calendar
    event when `calendar` is given (its METHOD, REQUEST or CANCEL, is read from the text unless
    `method` says it, and must agree with it)."""
    built = Message(
        subject,
        text,
        sender or current_app.config.get("MAIL_DEFAULT_SENDER"),
        [to],
        reply_to=[reply_to] if reply_to else None,
    )
    if html:
        built.attach_alternative(html, "text/html")
    if calendar:
        built.calendar, built.calendar_method = calendar, invitation_method(calendar, method)
        built.attach_alternative(calendar, f"text/calendar; method={built.calendar_method}")
        built.attach(INVITATION_FILE, calendar.encode(), "application/ics")
    return built


def invitation_method(calendar: str, method: str | None = None) -> str:
    """The METHOD of an invitation: REQUEST or CANCEL, the same in the text and in `method`."""
    written = str(icalendar.Calendar.from_ical(calendar).get("method", "")).upper()
    chosen = (method or written).upper()
    if chosen not in METHODS or written != chosen:
        raise ValueError(f"an invitation's METHOD is REQUEST or CANCEL, as in its text: {method}")
    return chosen


def html_of(built: EmailMultiAlternatives) -> str | None:
    """The HTML part of a built message, if it has one."""
    for alternative in built.alternatives:
        content, mimetype = alternative[0], alternative[1]
        if mimetype == "text/html":
            return content
    return None
