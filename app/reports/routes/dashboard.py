"""The statistics dashboard and its tables as files."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from app.permissions import permission
from app.reports import bp, exports, labels
from app.reports.charts import bar_chart, summarise
from app.reports.forms import DashboardExportForm
from app.reports.queries import dashboard, one_table
from app.reports.routes.helpers import current_scope, describe, filter_form, filters_from
from app.reports.tables import LabelTexts


def _chart_summary(key: str) -> str:
    return {
        "inflow_months": _(
            "The month with the most referrals: %(largest)s (%(value)s). In all: %(total)s."
        ),
        "pipeline_stages": _(
            "The stage with the most cases: %(largest)s (%(value)s). In all: %(total)s."
        ),
        "outcomes": _("The most common outcome: %(largest)s (%(value)s). In all: %(total)s."),
    }[key]


def _prepared():
    """The scope, the filter form and, when it is valid, the filters (404 outside the scope)."""
    scope = current_scope()
    form = filter_form(scope)
    asked = request.args.get("municipality", "")
    if asked and asked not in {str(m) for m in scope.municipality_ids}:
        abort(404)
    valid = form.validate()
    return scope, form, (filters_from(form, scope) if valid else None)


def _figures(scope, filters, form) -> dict:
    """The dashboard's tables by section, its charts and the filters in words (none of them
    while the filters are not valid)."""
    tables, charts, described = {}, {}, []
    if filters is not None:
        tables = dashboard(scope, filters)
        described = describe(scope, filters, form)
        for key, column in labels.CHARTS.items():
            summary = summarise(tables[key], column, _chart_summary(key))
            charts[key] = bar_chart(tables[key], column, summary)
    sections = {}
    for key, table in tables.items():
        sections.setdefault(labels.TABLES[key][0], []).append(table)
    return {"sections": sections, "charts": charts, "described": described}


@bp.get("/")
@permission("report.view")
def index():
    """The dashboard: inflow, pipeline, validation, outcomes and participants."""
    scope, form, filters = _prepared()
    return render_template(
        "reports/index.html",
        form=form,
        scope=scope,
        filters=filters,
        export_form=DashboardExportForm(),
        label_text=LabelTexts(),
        **_figures(scope, filters, form),
    )


@bp.get("/tables/<key>.<file_format>")
@permission("report.view")
def table_file(key: str, file_format: str):
    """One table as CSV or XLSX, with the filters written in the file."""
    if key not in labels.TABLES or file_format not in ("csv", "xlsx"):
        abort(404)
    scope, _form, filters = _prepared()
    if filters is None:
        abort(400)
    table = one_table(scope, filters, key)
    content = exports.table_file(table, describe(scope, filters), file_format)
    kind = exports.CSV_TYPE if file_format == "csv" else exports.XLSX_TYPE
    name = f"validera-{key}-{filters.date_from}-{filters.date_to}.{file_format}"
    return Response(
        content, mimetype=kind, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
