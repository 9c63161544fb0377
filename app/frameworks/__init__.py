"""Competence frameworks (valideringsmodeller) in the OCN model: units, outcomes, criteria."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.frameworks import labels
from app.main.home import admin_link, nav_item
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("frameworks", __name__, url_prefix="/frameworks", static_folder="static")

# Frameworks are shared by every municipality: the system administrator manages them.
MANAGERS = (Role.SYSTEM_ADMIN,)
READERS = (*MANAGERS, Role.ADMIN, Role.COACH, Role.ASSESSOR, Role.EXTERNAL_VERIFIER, Role.EMPLOYER)


def _visible(user, framework) -> bool:
    """Drafts are work in progress: only those who manage frameworks see them."""
    return framework.status != "draft" or user.has_role(*MANAGERS)


def init_app(app: Flask) -> None:
    """Register the area: its rules, menu link and administration card, the guard that keeps
    published frameworks unchanged (`immutability`), its views, then the blueprint."""
    from app.frameworks import immutability

    refusal_words(app, labels.REFUSALS)

    rule(app, "framework.view", *READERS, scope=_visible)
    rule(app, "framework.manage", *MANAGERS)
    nav_item(app, "frameworks.index", _l("Frameworks"), *READERS, order=40)
    admin_link(
        app,
        "frameworks.index",
        _l("Frameworks"),
        _l("Competence frameworks: units, learning outcomes and assessment criteria."),
    )
    immutability.install()
    load(
        __name__,
        "routes.browse",
        "routes.content",
        "routes.editor",
    )
    app.register_blueprint(bp)
