"""What the reports area offers other areas: its block on the regional reader's home page
(`register`, called by the area's `init_app`)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.db import today
from app.main.home import home_panel
from app.reports import queries
from app.reports.access import scope_for
from app.reports.scope import Filters, default_period
from app.vocab import Role


def register(app: Flask) -> None:
    """Offer the home panel to `app`."""
    home_panel(app, "reports/_home_regional.html", regional_summary, Role.REGIONAL, order=9)


def regional_summary(user) -> dict:
    """The region's last twelve months in three figures, masked like the dashboard."""
    scope = scope_for(user)
    filters = Filters(*default_period(today()))
    inflow = queries.inflow(scope, filters)["inflow_months"]
    stages = queries.pipeline(scope, filters)["pipeline_stages"]
    closed = queries.outcomes(scope, filters)["outcomes"]
    figures = []
    for label, table in (
        (_l("Referrals received"), inflow),
        (_l("Cases under way in the period"), stages),
        (_l("Cases closed"), closed),
    ):
        total = next(row for row in table.rows if row.is_total)
        column = next(c for c in table.columns if c.key == "total")
        figures.append((label, table.cell(total, column)))
    return {"figures": figures, "filters": filters}
