"""Login, logout, terms of use and the user's own settings; a second factor (TOTP)."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.auth import labels, second_step
from app.main.home import admin_link
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    """Register the area: its rule, card, guard, views, words for refusals, then the blueprint."""
    second_step.configured_roles(app.config["SECOND_FACTOR_REQUIRED"])  # a wrong value: no start
    rule(app, "auth.factor_policy", Role.SYSTEM_ADMIN)
    rule(app, "auth.own_passkey", *Role, scope=second_step.owns)
    admin_link(
        app,
        "auth.factor_policy",
        _l("Second factor"),
        _l("Which roles must log in with a second factor: an app or a passkey."),
    )
    app.before_request(second_step.enforce_enrolment)
    load(
        __name__,
        "routes.login",
        "routes.sessions",
        "routes.reset",
        "routes.factors",
        "routes.passkeys",
    )
    refusal_words(app, labels.REFUSALS)
    refusal_words(app, labels.FACTOR_REFUSALS)
    app.register_blueprint(bp)
