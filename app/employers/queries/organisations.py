"""Employers and municipalities as the area's pages list them: who a coach works with, and what
an employer's page shows."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import User
from app.employers.models import CompetenceNeed, EmployerContact, Placement
from app.employers.vocab import NeedStatus
from app.extensions import db
from app.organisations.models import Employer, Municipality

RECENT = 50  # the contacts, placements and introductions an employer's page shows


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


def employers_near(user) -> list[Employer]:
    """The employers a coach or administrator works with, by name."""
    return list(db.session.scalars(employers_near_query(user)))


def open_need_counts(employer_ids: list[int]) -> dict[int, int]:
    """How many open needs each of these employers has (those with none are left out)."""
    return dict(
        db.session.execute(
            sa.select(CompetenceNeed.employer_id, sa.func.count(CompetenceNeed.id))
            .where(CompetenceNeed.employer_id.in_(employer_ids))
            .where(CompetenceNeed.status == NeedStatus.OPEN)
            .group_by(CompetenceNeed.employer_id)
        ).all()
    )


def needs_of(employer: Employer) -> list[CompetenceNeed]:
    """The employer's needs, by status, newest first."""
    return list(
        db.session.scalars(
            sa.select(CompetenceNeed)
            .where(CompetenceNeed.employer_id == employer.id)
            .order_by(CompetenceNeed.status, CompetenceNeed.created_at.desc())
        )
    )


def open_needs(employer_id: int) -> list[CompetenceNeed]:
    """The employer's open needs, by title."""
    return list(
        db.session.scalars(
            sa.select(CompetenceNeed)
            .where(
                CompetenceNeed.employer_id == employer_id,
                CompetenceNeed.status == NeedStatus.OPEN,
            )
            .order_by(CompetenceNeed.title)
        )
    )


def people_of(employer: Employer) -> list[sa.Row]:
    """The employer's active accounts as its page names them: name, email and phone."""
    return list(
        db.session.execute(
            sa.select(User.name, User.email, User.phone).where(
                User.employer_id == employer.id, User.is_active.is_(True)
            )
        )
    )


def contacts_with(employer: Employer) -> list[EmployerContact]:
    """The latest entries of the contact log, newest first."""
    return list(
        db.session.scalars(
            sa.select(EmployerContact)
            .where(EmployerContact.employer_id == employer.id)
            .order_by(EmployerContact.occurred_on.desc(), EmployerContact.id.desc())
            .limit(RECENT)
        )
    )


def placements_at(employer: Employer) -> list[Placement]:
    """The latest placements at the employer, latest start first."""
    return list(
        db.session.scalars(
            sa.select(Placement)
            .where(Placement.employer_id == employer.id)
            .order_by(Placement.starts_on.desc())
            .limit(RECENT)
        )
    )


def open_needs_of_employers(employer_ids: list[int]) -> list[sa.Row]:
    """The open needs of these employers as (id, title, employer name, employer id), by
    employer and title: the needs a placement may fill."""
    return list(
        db.session.execute(
            sa.select(CompetenceNeed.id, CompetenceNeed.title, Employer.name, Employer.id)
            .join(Employer, Employer.id == CompetenceNeed.employer_id)
            .where(
                CompetenceNeed.status == NeedStatus.OPEN,
                CompetenceNeed.employer_id.in_(employer_ids),
            )
            .order_by(Employer.name, CompetenceNeed.title)
        )
    )
