"""The figures of the dashboard, each computed by a GROUP BY in the database.

`dashboard(scope, filters)` runs a fixed number of queries whatever the amount of data and
returns the tables by key. Each query returns counts already grouped by row, gender and age
group; `tables.pivot_counts` only adds those counts up into columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import get_locale

from app.cache import cached
from app.extensions import db
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
from app.reports.summaries.keeper import KEEPER
from app.reports.tables import Table
from app.summaries import generation, has_pending_changes

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


# One query each (a regional view's: one more where its figures do not add up, see
# `app.reports.queries.cube`), with the tables it makes; an export job runs them one by one.
BUILDERS = tuple(
    (builder.keys, builder)
    for builder in (
        inflow,
        pipeline,
        stage_days,
        achieved,
        certificates,
        first_attempts,
        outcomes,
        follow_ups,
        participants,
    )
)


def dashboard(scope: Scope, filters: Filters) -> dict[str, Table]:
    """Every table of the dashboard for the scope and filters, by key (a fixed query count).

    Cached under the statistics keeper's generation (`app.summaries`), which every write the
    tables depend on changes when it commits: a dashboard asked for again before anything
    changed is read from the cache, and the first one after a change is computed afresh. A
    transaction that has itself changed the figures computes them (they are not yet
    committed, nor anyone else's)."""
    session = db.session()
    if has_pending_changes(session):
        return _computed(scope, filters)
    token = generation(session.connection(), KEEPER.name)
    dialect = session.get_bind().dialect.name
    key = ("dashboard", token, dialect, str(get_locale()), scope, filters)
    return cached(key, lambda: _computed(scope, filters))


# Memory for each sort of the statements below (PostgreSQL's default is 4 MB): the days in each
# stage sort a region's year of stays, about 60 000 rows, which spilled to disk at the default.
SORT_MEMORY = "32MB"


def _computed(scope: Scope, filters: Filters) -> dict[str, Table]:
    if db.session.get_bind().dialect.name == "postgresql":
        # For the rest of this transaction only (the request's, which writes nothing).
        db.session.execute(sa.text(f"SET LOCAL work_mem = '{SORT_MEMORY}'"))
    tables: dict[str, Table] = {}
    for _keys, build in BUILDERS:
        tables.update(build(scope, filters))
    return {key: tables[key] for key in labels.TABLES if key in tables}


def one_table(scope: Scope, filters: Filters, key: str) -> Table:
    """The table `key` alone, from the one query that makes it."""
    build = next(build for keys, build in BUILDERS if key in keys)
    return build(scope, filters)[key]
