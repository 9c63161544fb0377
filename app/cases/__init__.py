"""The cases area: participants, referrals, the case workflow and a coach's daily work."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.cases import access, labels, sections
from app.main.home import nav_item
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("cases", __name__, url_prefix="/cases")

STAFF = (Role.COACH, Role.ADMIN)
# Roles other areas may grant a view of a case (see `facts.case_viewer`); the scope decides.
VIEWERS = (*STAFF, Role.ASSESSOR, Role.INTERNAL_VERIFIER, Role.EXTERNAL_VERIFIER)


def init_app(app: Flask) -> None:
    """Register the area: its rules and menu links, the listener that keeps each case's next
    follow-up (`next_follow_up`), home panels (`hooks`), its views, then the blueprint."""
    from app.cases import hooks, next_follow_up

    refusal_words(app, labels.REFUSALS)

    rule(app, "case.list", *STAFF)
    rule(app, "case.view", *VIEWERS, scope=access.can_view_case)
    rule(app, "case.edit", *STAFF, scope=access.can_edit_case)
    rule(app, "case.journal", Role.COACH, scope=access.can_read_journal)
    rule(app, "case.journal_write", Role.COACH, scope=access.can_write_journal)
    rule(app, "case.summon", Role.COACH, scope=access.can_summon)
    rule(app, "participant.view", *VIEWERS, scope=access.can_view_participant)
    rule(app, "participant.edit", *STAFF, scope=access.can_edit_participant)
    rule(app, "referral.create", *STAFF)
    rule(app, "referral.view", *STAFF, scope=access.in_municipality)
    rule(app, "referral.decide", Role.COACH, scope=access.in_municipality)
    rule(app, "duplicate.decide", *STAFF, scope=access.in_municipality)
    rule(app, "transfer.decide", Role.COACH, scope=access.is_receiving_staff)

    nav_item(app, "cases.index", _l("Cases"), *STAFF, order=10, claims=sections.CASE_PAGES)
    nav_item(app, "cases.inbox", _l("Referrals"), *STAFF, order=11, claims=sections.REFERRAL_PAGES)
    next_follow_up.install()
    hooks.register(app)
    load(
        __name__,
        "routes.case",
        "routes.caseload",
        "routes.identities",
        "routes.participants",
        "routes.referrals",
        "routes.summonses",
        "routes.transfers",
        "routes.work",
    )
    app.register_blueprint(bp)
