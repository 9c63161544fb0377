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

rule("admin.view", *ADMINS)
rule("admin.users", *ADMINS, scope=access.manages_user)
rule("admin.organisations", Role.SYSTEM_ADMIN)
rule("audit.view", *ADMINS)
nav_item("admin.index", _l("Administration"), *ADMINS, order=90)


def init_app(app: Flask) -> None:
    """Register the area: its views, its words for refusals, then the blueprint."""
    load(
        __name__,
        "routes",
    )
    refusal_words(app, labels.REFUSALS)
    app.register_blueprint(bp)
