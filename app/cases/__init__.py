"""The cases area: participants, referrals, the case workflow and a coach's daily work."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.cases import access, labels
from app.main.home import nav_item
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("cases", __name__, url_prefix="/cases")

STAFF = (Role.COACH, Role.ADMIN)
# Roles other areas may grant a view of a case (see `facts.case_viewer`); the scope decides.
VIEWERS = (*STAFF, Role.ASSESSOR, Role.INTERNAL_VERIFIER, Role.EXTERNAL_VERIFIER)

rule("case.list", *STAFF)
rule("case.view", *VIEWERS, scope=access.can_view_case)
rule("case.edit", *STAFF, scope=access.can_edit_case)
rule("case.journal", Role.COACH, scope=access.can_read_journal)
rule("case.journal_write", Role.COACH, scope=access.can_write_journal)
rule("participant.view", *VIEWERS, scope=access.can_view_participant)
rule("participant.edit", *STAFF, scope=access.can_edit_participant)
rule("referral.create", *STAFF)
rule("referral.view", *STAFF, scope=access.in_municipality)
rule("referral.decide", Role.COACH, scope=access.in_municipality)
rule("transfer.decide", Role.COACH, scope=access.is_receiving_staff)

nav_item("cases.index", _l("Cases"), *STAFF, order=10)
nav_item("cases.inbox", _l("Referrals"), *STAFF, order=11)


def init_app(app: Flask) -> None:
    """Register the area: the words of its refusals, the listener that keeps each case's next
    follow-up (`next_follow_up`), home panels (`hooks`), its views, then the blueprint."""
    refusal_words(app, labels.REFUSALS)
    load(
        __name__,
        "next_follow_up",
        "hooks",
        "routes.case",
        "routes.caseload",
        "routes.participants",
        "routes.referrals",
        "routes.transfers",
        "routes.work",
    )
    app.register_blueprint(bp)
