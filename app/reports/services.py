"""Funding projects and the cases taking part in them: operations that flush and log."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit import record
from app.extensions import db
from app.reports.access import available_to_case
from app.reports.models import FundingParticipation, FundingProject


class NotAllowed(Exception):
    """A change refused for a reason the user can act on; `field` names the form field."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message, self.field = message, field


def code_taken(code: str, project_id: int | None = None) -> bool:
    """True when another project already has this identity."""
    query = sa.select(FundingProject.id).where(sa.func.lower(FundingProject.code) == code.lower())
    if project_id is not None:
        query = query.where(FundingProject.id != project_id)
    return db.session.scalar(query.limit(1)) is not None


def save_project(project: FundingProject | None, data: dict, actor) -> FundingProject:
    """Create or update a funding project from validated form data."""
    if code_taken(data["code"], project.id if project else None):
        raise NotAllowed(_l("Another project already has this identity."), "code")
    if project is None:
        project = FundingProject()
        db.session.add(project)
    for name, value in data.items():
        setattr(project, name, value)
    db.session.flush()
    record("funding_project.saved", project, details={"code": project.code}, user=actor)
    return project


def projects_for_case(case) -> list[FundingProject]:
    """Projects the case may take part in: its municipality's and its region's."""
    region_id = case.municipality.region_id
    owner = FundingProject.municipality_id == case.municipality_id
    if region_id is not None:
        owner = sa.or_(owner, FundingProject.region_id == region_id)
    query = sa.select(FundingProject).where(owner).order_by(FundingProject.name)
    return list(db.session.scalars(query))


def participations_of(case) -> list[FundingParticipation]:
    """The case's funding projects, earliest first."""
    query = (
        sa.select(FundingParticipation)
        .where(FundingParticipation.case_id == case.id)
        .order_by(FundingParticipation.starts_on, FundingParticipation.id)
    )
    return list(db.session.scalars(query))


def _check_dates(project: FundingProject, starts_on: date, ends_on: date | None) -> None:
    if not project.covers(starts_on):
        raise NotAllowed(_l("The start date is outside the project's period."), "starts_on")
    if ends_on is not None and not project.covers(ends_on):
        raise NotAllowed(_l("The end date is outside the project's period."), "ends_on")


def tag_case(case, project: FundingProject, starts_on: date, ends_on: date | None, actor):
    """Record that the case takes part in the project from `starts_on`."""
    if not available_to_case(project, case):
        raise NotAllowed(_l("Choose a project of the case's municipality or region."), "project")
    existing = sa.select(FundingParticipation.id).where(
        FundingParticipation.case_id == case.id, FundingParticipation.project_id == project.id
    )
    if db.session.scalar(existing) is not None:
        raise NotAllowed(_l("The case already takes part in this project."), "project")
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
        raise NotAllowed(_l("The end date cannot be before the start date."), "ends_on")
    _check_dates(participation.project, participation.starts_on, ends_on)
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
