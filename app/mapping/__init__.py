"""Competence mapping (kartläggning) of a case against frameworks, with evidence."""

from flask import Blueprint, Flask

from app.areas import load
from app.mapping import access, labels
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("mapping", __name__, url_prefix="/mapping", static_folder="static")

# Every role may ask to read, so that the scope answers: whoever may not see the case gets 404
# for its mapping and evidence, and cannot tell whether they exist. Only coaches ever change a
# mapping: every other role gets 403 before anything is loaded, whatever the id.
rule("mapping.view", *Role, scope=access.can_view)
rule("mapping.edit", Role.COACH, scope=access.can_edit)


def init_app(app: Flask) -> None:
    """Register the area: the words for its refusals, facts, home panel and timeline (`hooks`),
    views, then the blueprint."""
    refusal_words(app, labels.REFUSALS)
    load(
        __name__,
        "hooks",
        "routes.evidence",
        "routes.mapping",
    )
    app.register_blueprint(bp)
