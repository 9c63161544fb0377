"""Login, logout, terms of use and the user's own settings; a second factor (TOTP)."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.auth import federation, labels, oidc, saml, second_step, tasks
from app.auth.federation import may_manage, waiting_for_roles
from app.auth.vocab import ProviderKind
from app.main.home import admin_link, home_panel
from app.permissions import rule
from app.queue import declare
from app.vocab import STAFF_ROLES, Role
from app.web import refusal_words

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    """Register the area: its rule, card, guard, views, words for refusals, then the blueprint."""
    second_step.configured_roles(app.config["SECOND_FACTOR_REQUIRED"])  # a wrong value: no start
    rule(app, "auth.factor_policy", Role.SYSTEM_ADMIN)
    rule(app, "auth.own_passkey", *STAFF_ROLES, scope=second_step.owns)
    admin_link(
        app,
        "auth.factor_policy",
        _l("Second factor"),
        _l("Which roles must log in with a second factor: an app or a passkey."),
    )
    rule(app, "auth.providers", Role.ADMIN, scope=may_manage)
    admin_link(
        app,
        "auth.sign_in_settings",
        _l("Single sign-on"),
        _l("The municipality's own login (OpenID Connect or SAML) and who may use it."),
    )
    home_panel(app, "auth/_home_waiting.html", waiting_for_roles, Role.ADMIN, order=5)
    app.before_request(second_step.enforce_enrolment)
    declare(app, tasks.purge_ended_sessions, tasks.prune_sign_in_traces)
    federation.protocol(app, ProviderKind.OIDC, oidc.start, check=oidc.check, address=oidc.address)
    saml.init_app(app)
    load(
        __name__,
        "routes.login",
        "routes.sessions",
        "routes.reset",
        "routes.factors",
        "routes.providers",
        "routes.oidc",
        "routes.passkeys",
        "routes.saml",
    )
    refusal_words(app, labels.REFUSALS)
    refusal_words(app, labels.FACTOR_REFUSALS)
    refusal_words(app, labels.SSO_REFUSALS)
    app.register_blueprint(bp)
