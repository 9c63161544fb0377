"""Where mail goes, through Flask-Mailman, and how one stored message is handed to it.

From the MAIL_* settings (`configure`): to MAIL_SERVER over SMTP; without one, into files in
MAIL_FILE_PATH (default instance/mail), with a warning at startup; the test configuration keeps it
in memory unless a test starts an SMTP server (tests/mailbox.py).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from flask_mailman import EmailMultiAlternatives, Mail

mail = Mail()


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


def html_of(built: EmailMultiAlternatives) -> str | None:
    """The HTML part of a built message, if it has one."""
    for alternative in built.alternatives:
        content, mimetype = alternative[0], alternative[1]
        if mimetype == "text/html":
            return content
    return None
