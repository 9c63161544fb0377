"""Validation of the municipality's own staff: a manager (chef) refers their employees and
follows the progress of those who consented (stage, units achieved, certificate), nothing else."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.main.home import nav_item
from app.permissions import rule
from app.staff import access
from app.vocab import Role

bp = Blueprint("staff", __name__, url_prefix="/staff")


def init_app(app: Flask) -> None:
    """Register the area: its rules and menu links, the manager's home panel, its views, then
    the blueprint."""
    from app.staff import hooks

    rule(app, "staff.list", Role.MANAGER)
    rule(app, "staff.refer", Role.MANAGER)
    rule(app, "staff.follow", Role.MANAGER, scope=access.follows)

    nav_item(app, "staff.index", _l("My staff in validation"), Role.MANAGER, order=10)
    nav_item(app, "staff.refer", _l("Refer an employee"), Role.MANAGER, order=11)
    hooks.register(app)
    load(__name__, "routes")
    app.register_blueprint(bp)
