"""What the reports area offers other areas: its block on the regional reader's home page
(`register`, called by the area's `init_app`)."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from app.db import today
from app.extensions import db
from app.main.home import home_panel
from app.notifications import Kind, notification_kind
from app.reports import queries
from app.reports.access import scope_for
from app.reports.models import ReportExport
from app.reports.scope import Filters, default_period
from app.vocab import Role


def register(app: Flask) -> None:
    """Offer the home panel and the notification of a finished export to `app`."""
    home_panel(app, "reports/_home_regional.html", regional_summary, Role.REGIONAL, order=9)
    notification_kind(
        app,
        Kind.EXPORT_READY,
        Role.COACH,
        Role.ADMIN,
        Role.REGIONAL,
        load=lambda export_id: db.session.get(ReportExport, export_id),
        action="report.export",
        audience=lambda export, event: [export.user],
        link=lambda export: url_for("reports.export_status", export_id=export.id),
        reference=lambda export: export.file_name or f"#{export.id}",
    )


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
