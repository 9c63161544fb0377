"""A real SMTP server for the tests: aiosmtpd on a free local port, which the app sends to.

    with smtp_mailbox(app) as mailbox:      # or the `mailbox` fixture (tests/auth/conftest.py)
        client.post("/password/forgotten", data={...}, buffered=True)
        message = mailbox.only()            # an email.message.EmailMessage, as received

Mail is sent by the job queue once the transaction that asked for it commits (app/mail): in the
tests the job runs at once (JOBS_IMMEDIATE), so the message has arrived when the request is done.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from flask import Flask

from app import mail


class Mailbox:
    """What the SMTP server received: each message with the addresses it was sent to."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.raw: list[bytes] = []  # each message as it came over the wire

    async def handle_DATA(self, server, session, envelope):  # the name aiosmtpd calls
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), parsed))
        self.raw.append(envelope.original_content)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message for _, message in self.received]

    def only(self) -> EmailMessage:
        """The one message received (fails when there are none or several)."""
        assert len(self.received) == 1, f"{len(self.received)} messages received"
        return self.received[0][1]

    def clear(self) -> None:
        self.received.clear()
        self.raw.clear()


def text_of(message: EmailMessage) -> str:
    """The plain-text part of a message."""
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def calendar_part(message: EmailMessage) -> EmailMessage:
    """The `text/calendar` part of a message's `multipart/alternative` (an invitation)."""
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part


def link_in(message: EmailMessage) -> str:
    """The path of the (one) password-reset link in the message's text."""
    found = re.findall(r"https?://[^/\s]+(/password/reset/\S+)", text_of(message))
    assert len(found) == 1, text_of(message)
    return found[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_mailbox(app: Flask) -> Iterator[Mailbox]:
    """An SMTP server on a free port, with the app's MAIL_SERVER and MAIL_PORT pointing at it
    for the duration (then as before)."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_BACKEND")}
    saved_state = app.extensions["mailman"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        mail.configure(app)
        yield mailbox
    finally:
        app.config.update(saved)
        app.extensions["mailman"] = saved_state
        controller.stop()


@contextmanager
def mail_server_down(app):
    """MAIL_SERVER names a local port where nothing listens (as when the server is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_BACKEND")}
    saved_state = app.extensions["mailman"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        mail.configure(app)
        yield
    finally:
        app.config.update(saved)
        app.extensions["mailman"] = saved_state
