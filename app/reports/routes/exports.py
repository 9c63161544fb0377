"""Export jobs: start one, follow its progress, download its file; the monthly ESF list."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.audit import record
from app.extensions import db
from app.permissions import load, permission, require
from app.reports import bp, exports, jobs
from app.reports.forms import DashboardExportForm, EsfExportForm
from app.reports.models import FundingProject, ReportExport
from app.reports.routes.dashboard import _prepared
from app.reports.routes.helpers import describe
from app.reports.vocab import ExportFormat, ExportKind, ExportStatus
from app.reports.work import filter_parameters, scope_parameters


@bp.post("/exports")
@permission("report.view")
def export_start():
    """Start an export of every table of the dashboard with the filters in the address."""
    scope, _form, filters = _prepared()
    if filters is None or not DashboardExportForm().validate_on_submit():
        flash(_("The export could not start: check the filters."), "error")
        return redirect(url_for("reports.index", **request.args))
    parameters = {
        "scope": scope_parameters(scope),
        "filters": filter_parameters(filters),
        "described": [[str(a), str(b)] for a, b in describe(scope, filters)],
        "locale": str(get_locale()),
    }
    job = jobs.create_export(ExportKind.DASHBOARD, ExportFormat.XLSX, current_user, parameters)
    db.session.commit()
    jobs.launch(job.id)
    return redirect(url_for("reports.export_status", export_id=job.id))


@bp.get("/exports/<int:export_id>")
@permission("report.export")
def export_status(export_id: int):
    """How far an export has come; its file once it is ready."""
    job = load(ReportExport, export_id, "report.export")
    jobs.revive(job)
    db.session.refresh(job)
    has_file = job.content is not None
    return render_template("reports/export.html", job=job, has_file=has_file)


@bp.get("/exports/<int:export_id>/progress")
@permission("report.export")
def export_progress(export_id: int):
    """The job's progress as JSON, for the status page's script."""
    job = load(ReportExport, export_id, "report.export")
    return jsonify(jobs.progress_state(job))


@bp.get("/exports/<int:export_id>/file")
@permission("report.export")
def export_file(export_id: int):
    """The finished export's file."""
    job = load(ReportExport, export_id, "report.export")
    if job.status is not ExportStatus.DONE or job.content is None:
        abort(404)
    if job.kind is ExportKind.ESF:
        record("reports.esf_downloaded", job)
        db.session.commit()
    kind = exports.CSV_TYPE if job.file_format is ExportFormat.CSV else exports.XLSX_TYPE
    return Response(
        job.content,
        mimetype=kind,
        headers={"Content-Disposition": f'attachment; filename="{job.file_name}"'},
    )


def _esf_projects() -> list[FundingProject]:
    home = current_user.municipality
    owner = FundingProject.municipality_id == home.id
    if home.region_id is not None:
        owner = sa.or_(owner, FundingProject.region_id == home.region_id)
    query = sa.select(FundingProject).where(FundingProject.is_esf.is_(True), owner)
    return list(db.session.scalars(query.order_by(FundingProject.name)))


@bp.route("/esf", methods=["GET", "POST"])
@permission("report.esf")
def esf():
    """The monthly list of ESF participants for Statistics Sweden (an audited admin action)."""
    require("report.esf")
    projects = _esf_projects()
    form = EsfExportForm()
    form.project.choices = [("", _("Every ESF project"))] + [(p.id, str(p)) for p in projects]
    if not form.validate_on_submit():
        return render_template("reports/esf.html", form=form, projects=projects)
    parameters = {
        "municipality_id": current_user.municipality_id,
        "month": form.month.data.replace(day=1).isoformat(),
        "project_id": form.project.data,
        "locale": str(get_locale()),
    }
    job = jobs.create_export(
        ExportKind.ESF, ExportFormat(form.file_format.data), current_user, parameters
    )
    record(
        "reports.esf_requested", job, details={k: parameters[k] for k in ("month", "project_id")}
    )
    db.session.commit()
    jobs.launch(job.id)
    return redirect(url_for("reports.export_status", export_id=job.id))
