"""Competence mapping (kartläggning) of a case against frameworks, with evidence."""

from flask import Blueprint, Flask

from app.areas import load
from app.mapping import access, labels
from app.permissions import rule
from app.vocab import STAFF_ROLES, Role
from app.web import refusal_words

bp = Blueprint("mapping", __name__, url_prefix="/mapping", static_folder="static")


def init_app(app: Flask) -> None:
    """Register the area: its rules, facts, home panel and timeline (`hooks`), views, then the
    blueprint."""
    from app.mapping import hooks

    refusal_words(app, labels.REFUSALS)

    # Every role may ask to read, so that the scope answers: whoever may not see the case gets
    # 404 for its mapping and evidence, and cannot tell whether they exist. Only coaches ever
    # change a mapping: every other role gets 403 before anything is loaded, whatever the id.
    rule(app, "mapping.view", *STAFF_ROLES, scope=access.can_view)
    rule(app, "mapping.edit", Role.COACH, scope=access.can_edit)
    hooks.register(app)
    load(
        __name__,
        "routes.evidence",
        "routes.mapping",
    )
    app.register_blueprint(bp)
