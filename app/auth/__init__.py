"""Login, logout, terms of use and the user's own settings."""

from flask import Blueprint, Flask

from app.areas import load
from app.auth import labels
from app.web import refusal_words

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    """Register the area: its views, its words for refusals, then the blueprint."""
    load(
        __name__,
        "routes.login",
        "routes.sessions",
        "routes.reset",
    )
    refusal_words(app, labels.REFUSALS)
    app.register_blueprint(bp)
