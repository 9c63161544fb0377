"""The figures of the dashboard, each computed by a GROUP BY in the database.

`dashboard(scope, filters)` runs a fixed number of queries whatever the amount of data and
returns the tables by key. Each query returns counts already grouped by row, gender and age
group; `tables.pivot_counts` only adds those counts up into columns.
"""

from __future__ import annotations

from app.reports import labels
from app.reports.queries.flow import inflow, pipeline, referral_conditions, stage_days
from app.reports.queries.results import (
    achieved,
    certificates,
    first_attempts,
    follow_ups,
    outcomes,
    participants,
)
from app.reports.scope import Filters, Scope
from app.reports.tables import Table

__all__ = [
    "BUILDERS",
    "achieved",
    "certificates",
    "dashboard",
    "first_attempts",
    "follow_ups",
    "inflow",
    "outcomes",
    "participants",
    "pipeline",
    "referral_conditions",
    "stage_days",
]


# -- the dashboard ------------------------------------------------------------------------


def _one(builder):
    def build(scope: Scope, filters: Filters) -> dict[str, Table]:
        table = builder(scope, filters)
        return {table.key: table}

    return build


# One query each; an export job runs them one by one to show its progress.
BUILDERS = (
    inflow,
    _one(pipeline),
    _one(stage_days),
    achieved,
    _one(certificates),
    _one(first_attempts),
    outcomes,
    _one(follow_ups),
    participants,
)


def dashboard(scope: Scope, filters: Filters) -> dict[str, Table]:
    """Every table of the dashboard for the scope and filters, by key (a fixed query count)."""
    tables: dict[str, Table] = {}
    for build in BUILDERS:
        tables.update(build(scope, filters))
    return {key: tables[key] for key in labels.TABLES if key in tables}
