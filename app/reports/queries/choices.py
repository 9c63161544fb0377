"""What the dashboard's filters offer and name: frameworks, municipalities, coaches."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import User, UserRole
from app.extensions import db
from app.frameworks.models import Framework
from app.organisations.models import Municipality
from app.vocab import Role


def framework_choices() -> list[tuple[str, str]]:
    """Every framework once (all its versions together), by name."""
    rows = db.session.execute(
        sa.select(Framework.code, sa.func.max(Framework.name))
        .group_by(Framework.code)
        .order_by(sa.func.max(Framework.name))
    )
    return [(code, name) for code, name in rows]


def municipality_choices(municipality_ids: list[int]) -> list[tuple[int, str]]:
    """These municipalities, by name."""
    rows = db.session.execute(
        sa.select(Municipality.id, Municipality.name)
        .where(Municipality.id.in_(municipality_ids))
        .order_by(Municipality.name)
    )
    return [(mid, name) for mid, name in rows]


def coach_choices(municipality_id: int) -> list[tuple[int, str]]:
    """The municipality's active coaches by name, as `coaches_of` finds them: ids and names
    only, since loading each coach with their roles cost more than the figures it filters."""
    query = (
        sa.select(User.id, User.name)
        .where(
            User.municipality_id == municipality_id,
            User.is_active.is_(True),
            User.role_rows.any(UserRole.role == Role.COACH),
        )
        .order_by(User.name)
    )
    return [(coach_id, name) for coach_id, name in db.session.execute(query)]
