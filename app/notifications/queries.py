"""Reads for the kinds' audiences: the people of a municipality or an employer with a role."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.vocab import Role


def people(*roles: Role, municipality_id: int | None = None, employer_id: int | None = None):
    """The active accounts of the municipality (or the employer) holding any of `roles`."""
    from app.auth.models import User, UserRole  # people belong to the accounts' area

    query = (
        sa.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_(roles), User.is_active.is_(True))
        .distinct()
        .order_by(User.id)
    )
    if municipality_id is not None:
        query = query.where(User.municipality_id == municipality_id)
    if employer_id is not None:
        query = query.where(User.employer_id == employer_id)
    if municipality_id is None and employer_id is None:
        return []
    return list(db.session.scalars(query))


def by_id(ids: list[int]) -> list[Any]:
    """The accounts with these ids (to fill the session before many audiences are read)."""
    from app.auth.models import User

    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids)))) if ids else []
