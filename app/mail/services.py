"""Mail follows the transaction that asks for it:

    text, html = render_mail("auth/mail/welcome", user.email, subject=subject, **context)
    send_on_commit(message(user.email, subject, text, html))   # in a service

The message is written to `outgoing_mails` in the current transaction, and the job that sends it
(`app.mail.tasks.send_mail`) is queued once that transaction commits: nothing is sent when it
rolls back, so nobody gets a link to something that was never stored, and no request waits for
the SMTP server (a password-reset request must not reveal by its time whether an account exists).
"""

from __future__ import annotations

from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_mailman import EmailMultiAlternatives

from app.audit import record
from app.db import utcnow
from app.extensions import db
from app.mail import tasks
from app.mail.backend import html_of
from app.mail.models import OutgoingMail
from app.mail.senders import recipient, sender_of
from app.mail.vocab import MailStatus, Refusal
from app.organisations.models import Municipality
from app.queue import enqueue_on_commit
from app.refusals import Refused


def send_on_commit(
    built: EmailMultiAlternatives,
    language: str | None = None,
    *,
    municipality: Municipality | None = None,
) -> None:
    """Send `built` once the current transaction commits (nothing when it rolls back): one row
    per address, in the recipient account's language unless `language` says otherwise, from
    the municipality of the recipient's account unless `municipality` is named (a participant
    has no account: the case's). From and Reply-To are kept on the row as they are now, so a
    retry or "Send again" sends the same."""
    html = html_of(built)
    for address in built.to:
        locale, found = recipient(address)
        sender = sender_of(municipality or found)
        mail = OutgoingMail(
            to_address=address,
            subject=str(built.subject),
            text=built.body,
            html=html,
            calendar=getattr(built, "calendar", None),
            calendar_method=getattr(built, "calendar_method", None),
            language=language or locale or _current_language(),
            sender=sender.from_header,
            reply_to=sender.reply_to,
            municipality_id=sender.municipality_id,
        )
        db.session.add(mail)
        db.session.flush()
        enqueue_on_commit(tasks.send_mail, mail.id)


def _current_language() -> str:
    """The language of the request (or the default one outside a request)."""
    if has_request_context():
        return str(get_locale())
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def send_again(mail: OutgoingMail, actor) -> OutgoingMail:
    """Queue a failed message again, with all its tries (once the SMTP server works again)."""
    if mail.status is not MailStatus.FAILED:
        raise Refused(Refusal.NOT_FAILED)
    mail.status, mail.attempts, mail.next_attempt_at = MailStatus.QUEUED, 0, utcnow()
    record("mail.sent_again", mail, user=actor, details={"error": mail.last_error})
    db.session.flush()
    enqueue_on_commit(tasks.send_mail, mail.id)
    return mail
