"""What the employers area's views share."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash

from app.extensions import db
from app.organisations.models import Employer, Municipality


def municipality_choices() -> list[tuple[int, str]]:
    """Every municipality, by name."""
    rows = db.session.execute(
        sa.select(Municipality.id, Municipality.name).order_by(Municipality.name)
    )
    return [(mid, name) for mid, name in rows]


def near_municipalities(user) -> sa.Select:
    """Ids of the user's municipality and those cooperating with it (its region)."""
    home = user.municipality
    if home is None:
        return sa.select(Municipality.id).where(sa.false())
    same_region = Municipality.region_id == home.region_id if home.region_id else sa.false()
    return sa.select(Municipality.id).where(sa.or_(Municipality.id == home.id, same_region))


def employers_near_query(user) -> sa.Select:
    """The employers a coach or administrator works with: their municipality's region."""
    return (
        sa.select(Employer)
        .where(
            Employer.is_active.is_(True),
            sa.or_(
                Employer.municipality_id.in_(near_municipalities(user)),
                Employer.municipality_id.is_(None),
            ),
        )
        .order_by(Employer.name)
    )


def refused(exc) -> None:
    """Show why the area's rules refused a change."""
    flash(str(exc.message), "error")
