"""The accounts' housekeeping, run by the job queue's worker: no cron is needed.

Every hour (and when a worker starts), the records of ended sessions go (a login removes its
own user's; Redis drops its own at SESSION_MAX_AGE). Every night, the login attempts older than
LOGIN_ATTEMPTS_KEEP_DAYS go (the throttle reads the last hour; the audit log keeps every login
and refusal for its own time), and so do password-reset and welcome links that expired or were
used more than a day ago. Each is one statement: a second run finds nothing to remove.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.auth.models import LoginAttempt, PasswordReset
from app.auth.sessions import purge_expired
from app.db import utcnow
from app.extensions import db
from app.queue import crontab, periodic


@periodic(crontab(minute="5"), on_start=True)
def purge_ended_sessions() -> None:
    """Remove the records of sessions past their idle limit or their age."""
    removed = purge_expired()
    db.session.commit()
    current_app.logger.info("%s ended sessions removed", removed)


@periodic(crontab(minute="20", hour="3"))
def prune_sign_in_traces() -> None:
    """Remove old login attempts and expired or used password links."""
    now = utcnow()
    keep = timedelta(days=current_app.config["LOGIN_ATTEMPTS_KEEP_DAYS"])
    attempts = db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < now - keep))
    day_ago = now - timedelta(days=1)
    links = db.session.execute(
        sa.delete(PasswordReset).where(
            sa.or_(PasswordReset.expires_at < day_ago, PasswordReset.used_at < day_ago)
        )
    )
    db.session.commit()
    current_app.logger.info(
        "%s login attempts and %s password links removed", attempts.rowcount, links.rowcount
    )
