"""The dashboard computed from the live tables, as before the precomputed tables: the
reference `tests/reports/test_summaries.py` checks the summaries' dashboard against."""

from __future__ import annotations

from app.reports import labels
from app.reports.scope import Filters, Scope
from app.reports.tables import Table
from tests.reports.live.flow import inflow, pipeline, referral_conditions, stage_days
from tests.reports.live.results import (
    achieved,
    certificates,
    first_attempts,
    follow_ups,
    outcomes,
    participants,
)

__all__ = [
    "BUILDERS",
    "achieved",
    "certificates",
    "dashboard",
    "first_attempts",
    "follow_ups",
    "inflow",
    "one_table",
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


# One query each, with the tables it makes; an export job runs them one by one.
BUILDERS = (
    (("inflow_months", "inflow_sources", "inflow_decisions"), inflow),
    (("pipeline_stages",), _one(pipeline)),
    (("stage_days",), _one(stage_days)),
    (("units_achieved", "credits_achieved"), achieved),
    (("certificates",), _one(certificates)),
    (("first_attempts",), _one(first_attempts)),
    (("outcomes", "exit_status"), outcomes),
    (("follow_ups",), _one(follow_ups)),
    (
        ("education", "entry_status", "foreign_background", "disability", "identity"),
        participants,
    ),
)


def dashboard(scope: Scope, filters: Filters) -> dict[str, Table]:
    """Every table of the dashboard for the scope and filters, by key (a fixed query count)."""
    tables: dict[str, Table] = {}
    for _keys, build in BUILDERS:
        tables.update(build(scope, filters))
    return {key: tables[key] for key in labels.TABLES if key in tables}


def one_table(scope: Scope, filters: Filters, key: str) -> Table:
    """The table `key` alone, from the one query that makes it."""
    build = next(build for keys, build in BUILDERS if key in keys)
    return build(scope, filters)[key]
