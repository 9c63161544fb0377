"""Reads for the mail pages."""

from __future__ import annotations

import sqlalchemy as sa

from app.mail.models import OutgoingMail
from app.mail.vocab import MailStatus
from app.vocab import Role


def failed_mails(user) -> sa.Select:
    """The undelivered messages `user` sees (`access.sees_mail`), newest first."""
    query = sa.select(OutgoingMail).where(OutgoingMail.status == MailStatus.FAILED)
    if not user.has_role(Role.SYSTEM_ADMIN):
        query = query.where(OutgoingMail.municipality_id == user.municipality_id)
    return query.order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())
