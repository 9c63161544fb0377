"""Calendars: a private iCalendar feed for each person, at a secret URL they can renew."""

from flask import Blueprint, Flask

from app.areas import listen, load
from app.permissions import rule
from app.vocab import Role

bp = Blueprint("calendar", __name__)


def init_app(app: Flask) -> None:
    """Register the area: its rule, the SEQUENCE keeper, its views, then the blueprint."""
    from app.calendar.services import raise_sequences

    rule(app, "calendar.own", Role.COACH, Role.ASSESSOR)
    listen("before_flush", raise_sequences)
    load(__name__, "routes")
    app.register_blueprint(bp)
