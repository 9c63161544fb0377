"""Administration: users, municipalities, employer organisations and the audit log."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.main.home import nav_item
from app.permissions import Role, rule

bp = Blueprint("admin", __name__, url_prefix="/admin")

rule("admin.manage", Role.ADMIN)
rule("audit.view", Role.ADMIN)
nav_item("admin.index", _l("Administration"), Role.ADMIN, order=90)
