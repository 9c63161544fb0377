"""Login, logout, terms of use and the user's own settings."""

from flask import Blueprint, Flask

from app.areas import load

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    """Register the area: its views, then the blueprint."""
    load(
        __name__,
        "routes",
    )
    app.register_blueprint(bp)
