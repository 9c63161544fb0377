"""Data protection: access-log review, data-subject access, retention and erasure, backups."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.main.home import admin_link
from app.permissions import rule
from app.privacy import hooks, labels, tasks
from app.queue import declare
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("privacy", __name__, url_prefix="/admin/privacy")


def _own_municipality(user, participant) -> bool:
    """Admins act on the participants of their own municipality only."""
    return user.municipality_id is not None and user.municipality_id == participant.municipality_id


def init_app(app: Flask) -> None:
    """Register the area: its rules and administration card, its views, then the blueprint."""
    rule(app, "privacy.log", Role.ADMIN)
    rule(app, "privacy.retention", Role.ADMIN)
    rule(app, "privacy.participant", Role.ADMIN, scope=_own_municipality)
    admin_link(
        app,
        "privacy.index",
        _l("Data protection"),
        _l("Access-log review, a participant's data on request, erasure and retention."),
    )
    declare(app, tasks.run_retention, tasks.run_retention_of)
    hooks.register(app)
    load(
        __name__,
        "routes",
    )
    refusal_words(app, labels.REFUSALS)
    app.register_blueprint(bp)
