"""The reports area: statistics by gender and age group, funding projects and exports.

Seams:
- `app.reports.queries.dashboard(scope, filters)` returns every table of the dashboard as
  plain data, for tests and other areas (e.g. to compare totals before and after anonymising);
- the case page links to a case's funding projects (`templates/cases/_case_header.html`);
- the figures are read from precomputed tables (`app.reports.summaries`: one row per case,
  referral, finished stay and counted decision) that follow every flush and bulk statement
  of the session; rows written past the session (the benchmark generator, a data import)
  are caught up with `rebuild_report_summaries()`, and a figure that comes to read a new
  column must have it watched there;
- export jobs run in the job queue's worker (`tasks.make_export`, app/queue.py); their state
  and files live in the `report_exports` table, so any process can show a job's progress and
  serve its file, and a job whose worker died is given again (`tasks.revive_exports`).
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.cases.access import can_edit_case, in_municipality
from app.main.home import admin_link, nav_item
from app.permissions import rule
from app.queue import declare
from app.reports import access, labels
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint(
    "reports",
    __name__,
    url_prefix="/reports",
    static_folder="static",
    static_url_path="/static",
)

READERS = (Role.COACH, Role.ADMIN, Role.REGIONAL)
STAFF = (Role.COACH, Role.ADMIN)


def init_app(app: Flask) -> None:
    """Register the area: its rules, menu link and administration card, the keeper of the
    statistics' summary tables (`summaries.keeper`), the home panel (`hooks`), its views, then
    the blueprint."""
    from app.reports import hooks, tasks
    from app.reports.summaries import keeper

    rule(app, "report.view", *READERS)
    rule(app, "report.export", *READERS, scope=access.owns_export)
    rule(app, "report.esf", Role.ADMIN)
    rule(app, "funding_project.list", Role.ADMIN)
    rule(app, "funding_project.edit", Role.ADMIN, scope=access.manages_project)
    rule(app, "funding.case", *STAFF, scope=in_municipality)
    rule(app, "funding.tag", *STAFF, scope=can_edit_case)

    nav_item(app, "reports.index", _l("Statistics"), *READERS, order=60)
    admin_link(
        app,
        "reports.projects",
        _l("Funding projects"),
        _l("Projects that fund participants, such as ESF projects, and the monthly ESF list."),
    )
    keeper.KEEPER.install()
    declare(app, tasks.make_export, tasks.revive_exports)
    hooks.register(app)
    load(
        __name__,
        "routes.dashboard",
        "routes.exports",
        "routes.funding",
        "routes.projects",
    )
    app.register_blueprint(bp)
    refusal_words(app, labels.REFUSALS)
