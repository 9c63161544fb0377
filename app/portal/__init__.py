"""The participant's own pages (Mina sidor): where they are in the journey, their next meeting,
their coach and their plan; signing in by e-ID or a one-time code; the coach's and the
administrator's parts of it."""

from flask import Blueprint, Flask, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.areas import load
from app.main.home import admin_link, nav_item
from app.permissions import open_to_participants, rule
from app.portal import access, labels, records_labels
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("portal", __name__, url_prefix="/my")


def init_app(app: Flask) -> None:
    """Register the area: its rules, menu links and card, what participants' accounts reach,
    its hooks, its views, then the blueprint."""
    from app.portal import hooks

    rule(app, "portal.own", Role.PARTICIPANT, scope=access.owns)
    rule(app, "portal.give_access", Role.COACH, scope=access.may_give_access)
    rule(app, "portal.settings", Role.ADMIN)
    nav_item(app, "portal.index", _l("My page"), Role.PARTICIPANT, order=100)
    nav_item(
        app,
        "portal.plan_now",
        _l("My plan"),
        Role.PARTICIPANT,
        order=101,
        claims=("portal.plan", "portal.note"),
    )
    _records_menu(app)
    nav_item(
        app,
        "portal.can_do_now",
        _l("What I can do"),
        Role.PARTICIPANT,
        order=102,
        claims=("portal.can_do", "portal.answer"),
    )
    nav_item(
        app,
        "portal.evidence_now",
        _l("My evidence"),
        Role.PARTICIPANT,
        order=103,
        claims=("portal.evidence", "portal.evidence_new"),
    )
    admin_link(
        app,
        "portal.settings",
        _l("Participants' sign-in"),
        _l("How participants sign in to My pages: e-ID, and a code by email if you allow it."),
    )
    open_to_participants(app, "portal", "auth.logout", "auth.language", "main.home")
    app.before_request(_home_is_my_page)
    refusal_words(app, labels.REFUSALS)
    refusal_words(app, records_labels.REFUSALS)
    hooks.register(app)
    load(
        __name__,
        "routes.own",
        "routes.sign_in",
        "routes.staff",
        "routes.learning",
        "routes.records",
    )
    app.register_blueprint(bp)


def _records_menu(app: Flask) -> None:
    """The participant's menu links to their consents, certificates and data."""
    nav_item(
        app,
        "portal.certificates",
        _l("My certificates"),
        Role.PARTICIPANT,
        order=110,
        claims=("portal.certificate",),
    )
    nav_item(
        app,
        "portal.consents",
        _l("My consents"),
        Role.PARTICIPANT,
        order=111,
        claims=("portal.withdraw_consent",),
    )
    nav_item(app, "portal.my_data", _l("My data"), Role.PARTICIPANT, order=112)


def _home_is_my_page():
    """before_request: a participant's home is My page."""
    participant = current_user.is_authenticated and Role.PARTICIPANT in current_user.roles
    if request.endpoint == "main.home" and participant:
        return redirect(url_for("portal.index"))
    return None
