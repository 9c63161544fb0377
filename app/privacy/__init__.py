"""Data protection: access-log review, data-subject access, retention and erasure, backups."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.cases.models import Participant
from app.main.home import admin_link
from app.permissions import rule
from app.privacy import labels
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("privacy", __name__, url_prefix="/admin/privacy")


def _own_municipality(user, participant) -> bool:
    """Admins act on the participants of their own municipality only."""
    return user.municipality_id is not None and user.municipality_id == participant.municipality_id


rule("privacy.log", Role.ADMIN)
rule("privacy.retention", Role.ADMIN)
rule("privacy.participant", Role.ADMIN, scope=_own_municipality)

Participant.anonymised_name = staticmethod(lambda: str(_l("Anonymised participant")))

admin_link(
    "privacy.index",
    _l("Data protection"),
    _l("Access-log review, a participant's data on request, erasure and retention."),
)


def init_app(app: Flask) -> None:
    """Register the area: its views, its words for refusals, then the blueprint."""
    load(
        __name__,
        "routes",
    )
    refusal_words(app, labels.REFUSALS)
    app.register_blueprint(bp)
