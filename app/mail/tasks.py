"""The mail jobs: send one stored message, and give again those whose worker died.

A message is sent at most once by these jobs: a worker takes its row (queued, and its wait over)
in a commit of its own, hands the message to the SMTP server, and marks it sent in another commit
right after the server accepted it. Only a worker killed between those two steps can send it
twice; a database outage between them only delays the "sent" (the queue runs the job again as
`send_mail(mail_id, sent=True)` once the database is back). While the SMTP server is down the
job tries again, after 1, 2, 4, 8 and 16 minutes; after the last try the row is `failed`, and an
administrator sees it (`/admin/mail/failed`) and may send it again. A sent message's row (its
address, subject and times; the text is emptied when it is sent) is removed MAIL_KEEP_DAYS
after it was sent, by the nightly `prune_sent_mails`.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.db import utcnow
from app.extensions import db
from app.mail.backend import message
from app.mail.models import OutgoingMail
from app.mail.vocab import MailStatus
from app.outage import is_outage
from app.queue import Interrupted, crontab, enqueue, every_minute, job, periodic

RETRIES, FIRST_WAIT, BACKOFF = 5, 60, 2  # tries after the first; seconds; factor


def wait_before(attempt: int) -> timedelta:
    """How long to wait before try `attempt` + 1 after try `attempt` (1, 2, ...) failed."""
    return timedelta(seconds=FIRST_WAIT * BACKOFF ** (attempt - 1))


@job(retries=RETRIES, retry_delay=FIRST_WAIT, backoff=BACKOFF)
def send_mail(mail_id: int, sent: bool = False) -> None:
    """Send the stored message `mail_id` over SMTP, unless it is sent, failed or taken (with
    `sent`: the server took it, and a database outage kept the row from saying so)."""
    if sent:
        _mark_sent(mail_id)
        return
    if not _claim(mail_id):
        return
    mail = db.session.get(OutgoingMail, mail_id)
    built = message(
        mail.to_address,
        mail.subject,
        mail.text or "",
        mail.html,
        calendar=mail.calendar,
        method=mail.calendar_method,
        sender=mail.sender,
        reply_to=mail.reply_to,
    )
    db.session.commit()  # no transaction (nor SQLite's write lock) is held while SMTP talks
    try:
        built.send()
    except (OSError, smtplib.SMTPException) as error:
        if _failed(mail, error):
            raise  # the queue tries again, after a longer wait each time
        return
    try:
        _mark_sent(mail_id)
    except Exception as error:
        if is_outage(error):  # the queue marks it sent once the database is back
            raise Interrupted(mail_id, True) from error
        raise


def _mark_sent(mail_id: int) -> None:
    """The server took the message: its row says so, and its text is emptied."""
    db.session.execute(
        sa.update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == MailStatus.SENDING)
        .values(
            status=MailStatus.SENT,
            sent_at=utcnow(),
            text=None,
            html=None,
            calendar=None,
            last_error=None,
        )
    )
    db.session.commit()


def _claim(mail_id: int) -> bool:
    """Take the row for this run: queued and its wait over, or taken by a run that died."""
    now = utcnow()
    stale = now - current_app.config["JOBS_STALE_AFTER"]
    taken = db.session.execute(
        sa.update(OutgoingMail)
        .where(
            OutgoingMail.id == mail_id,
            sa.or_(
                sa.and_(
                    OutgoingMail.status == MailStatus.QUEUED, OutgoingMail.next_attempt_at <= now
                ),
                sa.and_(OutgoingMail.status == MailStatus.SENDING, OutgoingMail.claimed_at < stale),
            ),
        )
        .values(status=MailStatus.SENDING, claimed_at=now, attempts=OutgoingMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return taken.rowcount == 1


def _failed(mail: OutgoingMail, error: Exception) -> bool:
    """Note why the try failed; True when there will be another."""
    mail.last_error = f"{type(error).__name__}: {error}"[:500]
    if mail.attempts > RETRIES:
        mail.status = MailStatus.FAILED
        current_app.logger.warning("mail %s to %s failed: %s", mail.id, mail.to_address, error)
    else:
        mail.status = MailStatus.QUEUED
        mail.next_attempt_at = utcnow() + wait_before(mail.attempts)
    db.session.commit()
    return mail.status is MailStatus.QUEUED


@periodic(every_minute(), on_start=True)
def revive_mails() -> None:
    """Queue again the messages whose run died with its worker, or that were never queued."""
    stale = utcnow() - current_app.config["JOBS_STALE_AFTER"]
    lost = sa.select(OutgoingMail.id).where(
        sa.or_(
            sa.and_(OutgoingMail.status == MailStatus.SENDING, OutgoingMail.claimed_at < stale),
            sa.and_(OutgoingMail.status == MailStatus.QUEUED, OutgoingMail.next_attempt_at < stale),
        )
    )
    for mail_id in db.session.scalars(lost).all():
        enqueue(send_mail, mail_id)


@periodic(crontab(minute="30", hour="3"))
def prune_sent_mails() -> None:
    """Remove the rows of messages sent more than MAIL_KEEP_DAYS ago."""
    keep = timedelta(days=current_app.config["MAIL_KEEP_DAYS"])
    removed = db.session.execute(
        sa.delete(OutgoingMail).where(
            OutgoingMail.status == MailStatus.SENT, OutgoingMail.sent_at < utcnow() - keep
        )
    )
    db.session.commit()
    current_app.logger.info("%s sent mails removed", removed.rowcount)
