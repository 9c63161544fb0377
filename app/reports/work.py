"""What the export jobs do: every dashboard table in one workbook, and the monthly ESF list."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit import record
from app.cases import labels as case_labels
from app.cases.models import Case, Participant, Referral
from app.cases.vocab import ReferralSource
from app.extensions import db
from app.reports import exports, labels, queries
from app.reports.jobs import Work, set_file
from app.reports.models import FundingParticipation, FundingProject, ReportExport
from app.reports.scope import Filters, Scope
from app.reports.vocab import ExportFormat, ExportKind

AUDIT_BATCH = 200


def scope_parameters(scope: Scope) -> dict:
    return {"municipality_ids": list(scope.municipality_ids), "regional": scope.regional}


def filter_parameters(filters: Filters) -> dict:
    return {
        "date_from": filters.date_from.isoformat(),
        "date_to": filters.date_to.isoformat(),
        "municipality_id": filters.municipality_id,
        "framework_code": filters.framework_code,
        "source": filters.source,
        "coach_id": filters.coach_id,
    }


def _scope(parameters: dict) -> Scope:
    return Scope(tuple(parameters["municipality_ids"]), bool(parameters["regional"]))


def _filters(parameters: dict) -> Filters:
    return Filters(
        date.fromisoformat(parameters["date_from"]),
        date.fromisoformat(parameters["date_to"]),
        parameters.get("municipality_id"),
        parameters.get("framework_code"),
        parameters.get("source"),
        parameters.get("coach_id"),
    )


def dashboard_workbook(job: ReportExport) -> Iterator[int]:
    """Every table, one sheet each, with the filters on every sheet."""
    scope, filters = _scope(job.parameters["scope"]), _filters(job.parameters["filters"])
    described = [tuple(pair) for pair in job.parameters["described"]]
    tables = {}
    for n, (_keys, build) in enumerate(queries.BUILDERS, start=1):
        tables.update(build(scope, filters))
        yield 90 * n // len(queries.BUILDERS)
    ordered = [tables[key] for key in labels.TABLES if key in tables]
    content = exports.to_xlsx([exports.table_sheet(t, described) for t in ordered])
    name = f"validera-statistik-{filters.date_from}-{filters.date_to}.xlsx"
    set_file(job, name, content)
    yield 99


def month_bounds(first: date) -> tuple[date, date]:
    """The first and last day of the month of `first`."""
    return first.replace(day=1), first.replace(day=monthrange(first.year, first.month)[1])


def esf_rows_query(municipality_id: int, month: date, project_id: int | None) -> sa.Select:
    """Participations in ESF projects of the municipality's cases during the month."""
    start, end = month_bounds(month)
    query = (
        sa.select(
            Participant.id,
            Participant.personal_number,
            FundingParticipation.starts_on,
            FundingParticipation.ends_on,
            FundingProject.code,
            Participant.is_protected,
            Participant.is_reserve_number,
            Participant.date_of_birth,
            Participant.gender,
        )
        .join(Case, Case.id == FundingParticipation.case_id)
        .join(Participant, Participant.id == Case.participant_id)
        .join(FundingProject, FundingProject.id == FundingParticipation.project_id)
        .outerjoin(Referral, Referral.id == Case.referral_id)
        .where(
            FundingProject.is_esf.is_(True),
            Case.municipality_id == municipality_id,
            # The municipality's own staff, referred by their managers, are validated while
            # employed: not participants of a labour-market ESF project (see the README).
            sa.or_(Referral.id.is_(None), Referral.source != ReferralSource.OWN_STAFF),
            FundingParticipation.starts_on <= end,
            sa.or_(FundingParticipation.ends_on.is_(None), FundingParticipation.ends_on >= start),
        )
        .order_by(FundingProject.code, FundingParticipation.starts_on, Participant.personal_number)
    )
    if project_id is not None:
        query = query.where(FundingProject.id == project_id)
    return query


def esf_headers() -> list[str]:
    return [
        _("Personal number"),
        _("Start date in the project"),
        _("End date in the project"),
        _("Project identity"),
        _("Protected identity"),
        # A reserve identity has no personal number: its reserve number stands in the first
        # column, and its date of birth and gender are what the funder can count it by.
        _("Reserve identity"),
        _("Date of birth"),
        _("Gender"),
    ]


def esf_list(job: ReportExport) -> Iterator[int]:
    """The month's participants of ESF projects; each one read is written to the audit log."""
    parameters = job.parameters
    month = date.fromisoformat(parameters["month"])
    rows = db.session.execute(
        esf_rows_query(parameters["municipality_id"], month, parameters.get("project_id"))
    ).all()
    yes, no = _("Yes"), _("No")
    lines = []
    for n, row in enumerate(rows, start=1):
        participant_id, number, starts, ends, code, protected, reserve, born, gender = row
        lines.append(
            [
                number,
                starts.isoformat(),
                ends.isoformat() if ends else "",
                code,
                yes if protected else no,
                yes if reserve else no,
                born.isoformat() if born else "",
                str(case_labels.GENDERS[gender]),
            ]
        )
        record(
            "reports.esf_listed",
            job,
            participant_id=participant_id,
            details={"month": month.strftime("%Y-%m"), "project": code},
            user=job.user,
        )
        if n % AUDIT_BATCH == 0:
            yield 90 * n // len(rows)
    record(
        "reports.esf_exported",
        job,
        details={"month": month.strftime("%Y-%m"), "rows": len(rows)},
        user=job.user,
    )
    table = exports.plain_lines(esf_headers(), lines)
    if job.file_format is ExportFormat.CSV:
        content = exports.to_csv(table)
    else:
        content = exports.to_xlsx([(_("ESF participants"), table, {0})])
    set_file(job, f"esf-deltagare-{month:%Y-%m}.{job.file_format.value}", content)
    yield 99


# What a job of each kind does (`jobs.run_export`).
WORK: dict[ExportKind, Work] = {
    ExportKind.DASHBOARD: dashboard_workbook,
    ExportKind.ESF: esf_list,
}
