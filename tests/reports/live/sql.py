"""The dashboard's SQL building blocks as they were before the precomputed tables: each
case's start from its transitions, the scope and filters on the live `cases` table."""

from __future__ import annotations

import sqlalchemy as sa

from app.assessments.models import Assessment
from app.cases.models import Case, Referral, Transition
from app.extensions import db
from app.frameworks.models import Framework
from app.mapping.models import Mapping
from app.reports.scope import Filters, Scope


def grouped_counts(query) -> list[tuple]:
    """(key tuple, gender, age group, n) from a query whose last three columns are those."""
    return [(tuple(row[:-3]), row[-3], row[-2], row[-1]) for row in db.session.execute(query)]


def in_period(column, filters: Filters) -> sa.ColumnElement:
    """A timestamp within the period."""
    return sa.and_(column >= filters.starts_at, column < filters.ends_before)


def date_in_period(column, filters: Filters) -> sa.ColumnElement:
    """A date within the period."""
    return column.between(filters.date_from, filters.date_to)


def case_starts():
    """Each case's start: its first recorded transition."""
    return (
        sa.select(Transition.case_id, sa.func.min(Transition.at).label("started_at"))
        .group_by(Transition.case_id)
        .subquery("case_starts")
    )


def municipality_ids(scope: Scope, filters: Filters) -> list[int]:
    """The municipalities counted: the scope's, or the one chosen among them."""
    if filters.municipality_id is not None:
        return [m for m in scope.municipality_ids if m == filters.municipality_id]
    return list(scope.municipality_ids)


def framework_case_ids(code: str) -> sa.Select:
    """Cases mapped or assessed against any version of the framework `code`."""
    mapped = sa.select(Mapping.case_id).join(Framework, Framework.id == Mapping.framework_id)
    assessed = sa.select(Assessment.case_id).join(
        Framework, Framework.id == Assessment.framework_id
    )
    return sa.union(mapped.where(Framework.code == code), assessed.where(Framework.code == code))


def case_conditions(scope: Scope, filters: Filters) -> list:
    """Conditions on `Case` for the scope and the filters other than the period."""
    conditions = [Case.municipality_id.in_(municipality_ids(scope, filters))]
    if filters.coach_id is not None:
        conditions.append(Case.coach_id == filters.coach_id)
    if filters.source is not None:
        by_source = sa.select(Referral.id).where(Referral.source == filters.source)
        conditions.append(Case.referral_id.in_(by_source))
    if filters.framework_code is not None:
        conditions.append(Case.id.in_(framework_case_ids(filters.framework_code)))
    return conditions


def filtered_case_ids(scope: Scope, filters: Filters) -> sa.Select:
    """Ids of the cases the scope and filters (not the period) keep."""
    return sa.select(Case.id).where(*case_conditions(scope, filters))


def active_in_period(started_at, filters: Filters) -> sa.ColumnElement:
    """A case that had started by the end of the period and was not closed before it."""
    return sa.and_(
        started_at < filters.ends_before,
        sa.or_(Case.closed_at.is_(None), Case.closed_at >= filters.starts_at),
    )
