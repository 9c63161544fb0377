"""Home pages and pages that belong to no single area."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.main.home import nav_item
from app.vocab import STAFF_ROLES

bp = Blueprint("main", __name__)


def init_app(app: Flask) -> None:
    """Register the area: its menu link, its views, then the blueprint."""
    nav_item(app, "main.home", _l("Home"), *STAFF_ROLES, order=0)
    load(
        __name__,
        "routes",
    )
    app.register_blueprint(bp)
