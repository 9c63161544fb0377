"""Operations of the pages that belong to no single area; they flush and log, never commit."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit import record
from app.extensions import db
from app.mail.backend import message
from app.mail.senders import recipient, render_mail
from app.mail.services import send_on_commit
from app.organisations.models import AccessibilityFeedback, Municipality
from app.vocab import Role


def feedback_recipients(municipality: Municipality) -> list[str]:
    """Where feedback about accessibility goes: the municipality's address for it, else its
    active administrators."""
    if municipality.accessibility_contact:
        return [municipality.accessibility_contact]
    # Read through the tables: the accounts' area (auth) depends on this one.
    users, roles = db.metadata.tables["users"], db.metadata.tables["user_roles"]
    is_admin = sa.select(roles.c.user_id).where(roles.c.role == Role.ADMIN.value)
    admins = sa.select(users.c.email).where(
        users.c.municipality_id == municipality.id,
        users.c.is_active.is_(True),
        users.c.id.in_(is_admin),
    )
    return sorted(db.session.scalars(admins))


def send_feedback(municipality: Municipality, form) -> AccessibilityFeedback:
    """Store a message from the statement's form and mail it to the municipality."""
    feedback = AccessibilityFeedback(
        municipality=municipality,
        message=form.message.data.strip(),
        reply_to=(form.reply_to.data or "").strip() or None,
        page=(form.page.data or "").strip()[:300] or None,
    )
    db.session.add(feedback)
    db.session.flush()
    record("accessibility.feedback_sent", feedback)
    for address in feedback_recipients(municipality):
        language = recipient(address)[0] or "sv"
        with force_locale(language):
            subject = _("Feedback about accessibility in Validera")
            text, html = render_mail(
                "main/mail/accessibility_feedback",
                address,
                municipality=municipality,
                subject=subject,
                feedback=feedback,
            )
        send_on_commit(message(address, subject, text, html), municipality=municipality)
    return feedback
