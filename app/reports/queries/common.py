"""What the queries of the dashboard share: the summaries' conditions, building tables from
grouped counts.

The figures are read from the statistics' precomputed tables (`app.reports.summaries`), which
hold what each referral, case, stay and decision contributes, already joined to the
participant; the conditions below are the scope and filters on them.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.cases.workflow import JOURNEY, Stage
from app.extensions import db
from app.reports import labels
from app.reports.scope import Filters, Scope
from app.reports.sql import framework_case_ids, municipality_ids
from app.reports.summaries.models import ReportCase
from app.reports.tables import Table, count_columns

STAGE_ORDER = [*JOURNEY[:-1], Stage.PAUSED, Stage.CLOSED]


def table_for(key: str, headers: list, *, ages: bool = True, columns=None, masked=False) -> Table:
    """An empty table `key` with its title and description; counts by gender and age group."""
    _section, title, description = labels.TABLES[key]
    if columns is None:
        ages_shown = labels.AGE_COLUMNS if ages else None
        columns = count_columns(labels.GENDER_COLUMNS, ages_shown, labels.TOTAL)
    return Table(key, title, description, headers, columns, masked=masked)


def grouped_counts(query) -> list[tuple]:
    """(key tuple, gender, age group, n) from a query whose last three columns are those."""
    return [(tuple(row[:-3]), row[-3], row[-2], row[-1]) for row in db.session.execute(query)]


def enum_order(labels_by_value: dict, values) -> list[tuple[tuple, list]]:
    """Rows in the vocabulary's order, labelled for people."""
    return [((str(v),), [labels_by_value[v]]) for v in values]


def regroup(counts: list[tuple], positions: tuple[int, ...]) -> list[tuple]:
    """The same counts keyed by some of their key's parts."""
    return [(tuple(key[i] for i in positions), g, a, n) for key, g, a, n in counts]


# -- the scope and the filters on the summaries --------------------------------------------


def case_conditions(scope: Scope, filters: Filters) -> list:
    """The cases (`ReportCase`) of the scope that the filters other than the period keep."""
    conditions = [ReportCase.municipality_id.in_(municipality_ids(scope, filters))]
    if filters.coach_id is not None:
        conditions.append(ReportCase.coach_id == filters.coach_id)
    if filters.source is not None:
        conditions.append(ReportCase.source == filters.source)
    if filters.framework_code is not None:
        conditions.append(ReportCase.case_id.in_(framework_case_ids(filters.framework_code)))
    return conditions


def of_cases(summary, scope: Scope, filters: Filters) -> list:
    """The same for rows that name their case and repeat its municipality (stays,
    decisions): read without the cases' table unless a coach, source or framework is chosen."""
    conditions = [summary.municipality_id.in_(municipality_ids(scope, filters))]
    narrowed = (filters.coach_id, filters.source, filters.framework_code)
    if any(value is not None for value in narrowed):
        kept = sa.select(ReportCase.case_id).where(*case_conditions(scope, filters))
        conditions.append(summary.case_id.in_(kept))
    return conditions


def active_in_period(filters: Filters) -> sa.ColumnElement:
    """A case that had started by the end of the period and was not closed before it."""
    return sa.and_(
        ReportCase.started_at < filters.ends_before,
        sa.or_(ReportCase.closed_at.is_(None), ReportCase.closed_at >= filters.starts_at),
    )
