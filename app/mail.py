"""Mail through Flask-Mailman; a message follows the transaction it belongs to.

    send_on_commit(message(user.email, subject, text, html))   # in a service

A message is sent once the transaction that asked for it commits, and dropped when it rolls back,
so nobody gets a link to something that was never stored. During a request it is sent after the
response has gone to the browser (`call_on_close`), so how long the SMTP server takes neither
keeps the person waiting nor tells them whether a message was sent at all (a password-reset
request must not reveal whether an account exists). A failure (the SMTP server down) is logged
and cannot undo what was committed. The response of such a request is also closed as soon as its
last byte has been handed to the server (`SentWhenAnswered`): Werkzeug's development server
(`flask run`, the browser tests' live server) never closes a response whose browser has reset the
connection by then, which lost about one message in five.

Where mail goes (`init_app`, from the MAIL_* settings): to MAIL_SERVER over SMTP; without one, into
files in MAIL_FILE_PATH (default instance/mail), with a warning at startup; the test
configuration keeps it in memory unless a test starts an SMTP server (tests/mailbox.py).
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable, Iterator
from pathlib import Path

from flask import Flask, after_this_request, current_app, has_request_context, request
from flask_mailman import EmailMultiAlternatives, Mail

from app.areas import listen
from app.extensions import db

mail = Mail()
OUTBOX = "validera.mail_outbox"
MAIL_AFTER = "validera.mail_after"  # in the WSGI environ of a request whose answer sends mail


def init_app(app: Flask) -> None:
    """Choose where mail goes, and let messages follow their transaction."""
    configure(app)
    app.wsgi_app = SentWhenAnswered(app.wsgi_app)
    listen("after_commit", _committed)
    listen("after_soft_rollback", _rolled_back)


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


def message(to: str, subject: str, text: str, html: str | None = None) -> EmailMultiAlternatives:
    """A message from MAIL_DEFAULT_SENDER to one address, in plain text (and HTML)."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER")
    built = EmailMultiAlternatives(subject, text, sender, [to])
    if html:
        built.attach_alternative(html, "text/html")
    return built


def send_on_commit(built: EmailMultiAlternatives) -> None:
    """Send `built` when the current transaction commits (nothing when it rolls back)."""
    db.session.info.setdefault(OUTBOX, []).append(built)


def _committed(session) -> None:
    outbox = session.info.pop(OUTBOX, [])
    if not outbox:
        return
    app = current_app._get_current_object()
    if not has_request_context():
        _send_all(app, outbox)
        return

    request.environ[MAIL_AFTER] = True

    @after_this_request
    def send_when_answered(response):
        response.call_on_close(lambda: _send_all(app, outbox))
        return response


def _rolled_back(session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # not a savepoint: the whole transaction is gone
        session.info.pop(OUTBOX, None)


def _send_all(app: Flask, outbox: list[EmailMultiAlternatives]) -> None:
    with app.app_context():
        for built in outbox:
            try:
                built.send()
            except (OSError, smtplib.SMTPException):
                app.logger.exception("mail to %s could not be sent", ", ".join(built.to))


class SentWhenAnswered:
    """WSGI middleware: the response of a request that sends mail is closed (and so its mail
    sent, `call_on_close`) right after its last chunk has been handed to the server.

    PEP 3333 has the server call `close()` however the request ends, but Werkzeug's development
    server skips it when reading what is left on the connection fails, as it does when the
    browser has already reset it. Closing once the body is out sends the mail all the same, still
    after the answer; the server's own `close()` then does nothing more. Other responses pass
    untouched (a file download keeps the server's fast path)."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        body = self.wsgi_app(environ, start_response)
        return _ClosedOnce(body) if environ.get(MAIL_AFTER) else body


class _ClosedOnce:
    """A response body closed when its last chunk has gone, or by the server, whichever is
    first, and only once (a response's `close()` runs its `call_on_close` functions each time)."""

    def __init__(self, body: Iterable[bytes]) -> None:
        self.body = body
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.body
        self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if hasattr(self.body, "close"):
                self.body.close()
