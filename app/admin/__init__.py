"""Administration: users, municipalities, employer organisations and the audit log.

Two administrator roles share it (see `app/admin/access.py`): the municipality administrator
manages their own municipality's accounts; the system administrator manages municipalities,
regions, employer organisations and administrators' accounts.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.admin import access, labels
from app.areas import load
from app.main.home import nav_item
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("admin", __name__, url_prefix="/admin")

ADMINS = (Role.ADMIN, Role.SYSTEM_ADMIN)


def init_app(app: Flask) -> None:
    """Register the area: its rules and menu link, its views, then the blueprint."""
    rule(app, "admin.view", *ADMINS)
    rule(app, "admin.users", *ADMINS, scope=access.manages_user)
    rule(app, "admin.organisations", Role.SYSTEM_ADMIN)
    rule(app, "audit.view", *ADMINS)
    rule(app, "admin.accessibility", *ADMINS, scope=access.keeps_statement)
    nav_item(app, "admin.index", _l("Administration"), *ADMINS, order=90)
    load(
        __name__,
        "routes",
    )
    refusal_words(app, labels.REFUSALS)
    app.register_blueprint(bp)
