"""Bulk import: referrals (coaches, municipality administrators) and staff accounts
(municipality administrators) from a CSV or XLSX file, previewed, then confirmed at once."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.imports import access, labels
from app.main.home import admin_link
from app.permissions import rule
from app.queue import declare
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("imports", __name__, url_prefix="/imports")

STAFF = (Role.COACH, Role.ADMIN)


def init_app(app: Flask) -> None:
    """Register the area: its rules, the administration cards, its job, its views, then the
    blueprint."""
    from app.imports import tasks

    refusal_words(app, labels.REFUSALS)

    rule(app, "import.referrals", *STAFF)
    rule(app, "import.staff", Role.ADMIN)
    rule(app, "import.view", *STAFF, scope=access.is_uploader)

    admin_link(
        app,
        "imports.referrals_new",
        _l("Import referrals"),
        _l("Many referrals at once from a CSV or XLSX file, previewed before they are stored."),
    )
    admin_link(
        app,
        "imports.staff_new",
        _l("Import staff accounts"),
        _l("Accounts for the municipality's staff from a file; each person gets a welcome mail."),
    )
    declare(app, tasks.remove_expired_imports)
    load(__name__, "routes")
    app.register_blueprint(bp)
