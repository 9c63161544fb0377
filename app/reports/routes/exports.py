"""Export jobs: start one, follow its progress, download its file; the monthly ESF list."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.permissions import permission
from app.reports import bp, exports, jobs, services
from app.reports.forms import DashboardExportForm, EsfExportForm
from app.reports.models import FundingProject, ReportExport
from app.reports.routes.dashboard import _prepared
from app.reports.routes.helpers import describe
from app.reports.vocab import ExportFormat, ExportKind, ExportStatus
from app.reports.work import filter_parameters, scope_parameters
from app.web import commit, load, me, seen


def _launched(job: ReportExport):
    """Follow the progress of the committed job (queued for a worker)."""
    return redirect(url_for("reports.export_status", export_id=job.id))


def _dashboard_parameters(scope, filters) -> dict:
    """What the job needs to make the dashboard's file as the user sees it."""
    return {
        "scope": scope_parameters(scope),
        "filters": filter_parameters(filters),
        "described": [[str(a), str(b)] for a, b in describe(scope, filters)],
        "locale": str(get_locale()),
    }


@bp.post("/exports")
@permission("report.view")
def export_start():
    """Start an export of every table of the dashboard with the filters in the address."""
    scope, _form, filters = _prepared()
    if filters is None or not DashboardExportForm().validate_on_submit():
        flash(_("The export could not start: check the filters."), "error")
        return redirect(url_for("reports.index", **request.args))
    parameters = _dashboard_parameters(scope, filters)
    return _launched(commit(lambda: services.start_dashboard_export(parameters, me())))


@bp.get("/exports/<int:export_id>")
@permission("report.export")
def export_status(export_id: int):
    """How far an export has come; its file once it is ready."""
    job = load(ReportExport, export_id, "report.export")
    return render_template("reports/export.html", job=job, has_file=job.content is not None)


@bp.get("/exports/<int:export_id>/progress")
@permission("report.export")
def export_progress(export_id: int):
    """The job's progress as JSON, for the status page's script."""
    job = load(ReportExport, export_id, "report.export")
    return jsonify(jobs.progress_state(job))


@bp.get("/exports/<int:export_id>/file")
@permission("report.export")
def export_file(export_id: int):
    """The finished export's file (the ESF list holds personal numbers: its download is
    logged)."""
    job = load(ReportExport, export_id, "report.export")
    if job.status is not ExportStatus.DONE or job.content is None:
        abort(404)
    if job.kind is ExportKind.ESF:
        seen("reports.esf_downloaded", job)
    kind = exports.CSV_TYPE if job.file_format is ExportFormat.CSV else exports.XLSX_TYPE
    disposition = f'attachment; filename="{job.file_name}"'
    return Response(job.content, mimetype=kind, headers={"Content-Disposition": disposition})


def _esf_form(projects: list[FundingProject]) -> EsfExportForm:
    """The month, the format and one of these ESF projects (or all) to choose from."""
    form = EsfExportForm()
    form.project.choices = [("", _("Every ESF project"))] + [(p.id, str(p)) for p in projects]
    return form


def _esf_parameters(form: EsfExportForm) -> dict:
    return {
        "municipality_id": current_user.municipality_id,
        "month": form.month.data.replace(day=1).isoformat(),
        "project_id": form.project.data,
        "locale": str(get_locale()),
    }


@bp.route("/esf", methods=["GET", "POST"])
@permission("report.esf")
def esf():
    """The monthly list of ESF participants for Statistics Sweden (an audited admin action)."""
    projects = services.esf_projects_near(current_user.municipality)
    form = _esf_form(projects)
    if not form.validate_on_submit():
        return render_template("reports/esf.html", form=form, projects=projects)
    file_format, parameters = ExportFormat(form.file_format.data), _esf_parameters(form)
    return _launched(commit(lambda: services.start_esf_export(file_format, parameters, me())))
