"""What the portal offers other areas: the finding of a participant's account at an e-ID
sign-in, and the coach's panel on the participant's page (`register`, called by `init_app`)."""

from __future__ import annotations

from flask import Flask

from app.auth.federation import participant_finder
from app.portal import services


def portal_access(participant) -> dict:
    """What the participant's page shows the coach about My pages: whether the participant
    has access, and whether the coach may change it."""
    account = services.account_of(participant)
    return {
        "open": account is not None and account.is_active,
        "ended": account is not None and not account.is_active,
        "mail_codes": services.may_get_mail_code(participant),
    }


def register(app: Flask) -> None:
    """Offer the e-ID finder to the auth area, and the coach's panel to the cases' templates."""
    participant_finder(app, services.find_for_eid)
    app.add_template_global(portal_access, "portal_access")
