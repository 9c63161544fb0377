"""Whose figures a user sees, and who may manage funding projects and read export jobs."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.organisations.models import Municipality
from app.reports.scope import Scope
from app.vocab import Role


def scope_for(user: Any) -> Scope:
    """Coaches and admins: their municipality. Regional readers: the region, aggregated."""
    home = user.municipality
    if home is None:
        return Scope(())
    if user.has_role(Role.COACH, Role.ADMIN):
        return Scope((home.id,))
    if home.region_id is None:
        return Scope((home.id,), regional=True)
    ids = db.session.scalars(
        sa.select(Municipality.id).where(Municipality.region_id == home.region_id)
    )
    return Scope(tuple(sorted(ids)), regional=True)


def manages_project(user: Any, project: Any) -> bool:
    """An admin of the project's municipality, or of a municipality in the project's region."""
    home = user.municipality
    if home is None:
        return False
    if project.municipality_id is not None:
        return project.municipality_id == home.id
    return home.region_id is not None and project.region_id == home.region_id


def owns_export(user: Any, job: Any) -> bool:
    """Only the person who asked for an export sees it."""
    return job.user_id == user.id


def available_to_case(project: Any, case: Any) -> bool:
    """A project of the case's municipality or of its region."""
    if project.municipality_id is not None:
        return project.municipality_id == case.municipality_id
    return project.region_id is not None and project.region_id == case.municipality.region_id
