"""Funding projects and the cases taking part in them, and export jobs: operations that flush
and log, and raise `Refused` (with a `vocab.Refusal` code and the form field it concerns) when a
rule says no."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.audit import record
from app.extensions import db
from app.queue import enqueue_on_commit
from app.refusals import Refused
from app.reports import jobs, tasks
from app.reports.access import available_to_case
from app.reports.models import FundingParticipation, FundingProject, ReportExport
from app.reports.vocab import ExportFormat, ExportKind, Refusal


def code_taken(code: str, project_id: int | None = None) -> bool:
    """True when another project already has this identity."""
    query = sa.select(FundingProject.id).where(sa.func.lower(FundingProject.code) == code.lower())
    if project_id is not None:
        query = query.where(FundingProject.id != project_id)
    return db.session.scalar(query.limit(1)) is not None


def save_project(project: FundingProject | None, data: dict, actor) -> FundingProject:
    """Create or update a funding project from validated form data."""
    if code_taken(data["code"], project.id if project else None):
        raise Refused(Refusal.PROJECT_CODE_TAKEN, field="code")
    if project is None:
        project = FundingProject()
        db.session.add(project)
    for name, value in data.items():
        setattr(project, name, value)
    db.session.flush()
    record("funding_project.saved", project, details={"code": project.code}, user=actor)
    return project


def _near(municipality) -> sa.ColumnElement[bool]:
    """Projects of the municipality or of its region."""
    owner = FundingProject.municipality_id == municipality.id
    if municipality.region_id is not None:
        owner = sa.or_(owner, FundingProject.region_id == municipality.region_id)
    return owner


def projects_near(municipality) -> list[FundingProject]:
    """The projects of the municipality and of its region, the latest to start first."""
    query = sa.select(FundingProject).where(_near(municipality))
    return list(db.session.scalars(query.order_by(FundingProject.starts_on.desc())))


def esf_projects_near(municipality) -> list[FundingProject]:
    """The ESF projects of the municipality and of its region, by name."""
    query = sa.select(FundingProject).where(FundingProject.is_esf.is_(True), _near(municipality))
    return list(db.session.scalars(query.order_by(FundingProject.name)))


def projects_for_case(case) -> list[FundingProject]:
    """Projects the case may take part in: its municipality's and its region's."""
    query = sa.select(FundingProject).where(_near(case.municipality))
    return list(db.session.scalars(query.order_by(FundingProject.name)))


def participations_of(case) -> list[FundingParticipation]:
    """The case's funding projects, earliest first."""
    query = (
        sa.select(FundingParticipation)
        .where(FundingParticipation.case_id == case.id)
        .order_by(FundingParticipation.starts_on, FundingParticipation.id)
    )
    return list(db.session.scalars(query))


def _check_dates(
    project: FundingProject, starts_on: date, ends_on: date | None, *, at: str | None = None
) -> None:
    """Both dates within the project's period; a refusal names the date's field, or `at`."""
    if not project.covers(starts_on):
        raise Refused(Refusal.STARTS_OUTSIDE_PROJECT, field=at or "starts_on")
    if ends_on is not None and not project.covers(ends_on):
        raise Refused(Refusal.ENDS_OUTSIDE_PROJECT, field=at or "ends_on")


def tag_case(case, project: FundingProject, starts_on: date, ends_on: date | None, actor):
    """Record that the case takes part in the project from `starts_on`."""
    if not available_to_case(project, case):
        raise Refused(Refusal.PROJECT_NOT_AVAILABLE, field="project")
    existing = sa.select(FundingParticipation.id).where(
        FundingParticipation.case_id == case.id, FundingParticipation.project_id == project.id
    )
    if db.session.scalar(existing) is not None:
        raise Refused(Refusal.ALREADY_IN_PROJECT, field="project")
    _check_dates(project, starts_on, ends_on)
    participation = FundingParticipation(
        case=case, project=project, starts_on=starts_on, ends_on=ends_on, created_by=actor
    )
    db.session.add(participation)
    db.session.flush()
    _log("funding.tagged", participation, actor)
    return participation


def end_participation(participation: FundingParticipation, ends_on: date, actor) -> None:
    """Record the day the case's participation in the project ended."""
    if ends_on < participation.starts_on:
        raise Refused(Refusal.ENDS_BEFORE_START, field="ends_on")
    # the form has the end date only: every reason is shown there
    _check_dates(participation.project, participation.starts_on, ends_on, at="ends_on")
    participation.ends_on = ends_on
    db.session.flush()
    _log("funding.ended", participation, actor)


def remove_participation(participation: FundingParticipation, actor) -> None:
    """Take a case out of a project it was tagged with by mistake."""
    _log("funding.removed", participation, actor)
    db.session.delete(participation)
    db.session.flush()


def _log(action: str, participation: FundingParticipation, actor) -> None:
    record(
        action,
        participation.case,
        participant_id=participation.case.participant_id,
        details={
            "project": participation.project.code,
            "starts_on": participation.starts_on.isoformat(),
            "ends_on": participation.ends_on.isoformat() if participation.ends_on else None,
        },
        user=actor,
    )


def start_dashboard_export(parameters: dict, actor) -> ReportExport:
    """Queue an export of every table of the dashboard (its job starts once this commits)."""
    job = jobs.create_export(ExportKind.DASHBOARD, ExportFormat.XLSX, actor, parameters)
    enqueue_on_commit(tasks.make_export, job.id)
    return job


def start_esf_export(file_format: ExportFormat, parameters: dict, actor) -> ReportExport:
    """Queue the monthly list of ESF participants, which holds personal numbers: the request
    is logged (its job starts once this commits)."""
    job = jobs.create_export(ExportKind.ESF, file_format, actor, parameters)
    enqueue_on_commit(tasks.make_export, job.id)
    details = {key: parameters[key] for key in ("month", "project_id")}
    record("reports.esf_requested", job, details=details, user=actor)
    return job
