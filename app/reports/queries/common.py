"""What the queries of the dashboard share: the summaries' conditions, building tables from
grouped counts.

The figures are read from the statistics' precomputed tables (`app.reports.summaries`), which
hold what each referral, case, stay and decision contributes, already joined to the
participant; the conditions below are the scope and filters on them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.cases.vocab import ReferralSource
from app.cases.workflow import JOURNEY, Stage
from app.extensions import db
from app.reports import labels
from app.reports.scope import Filters, Scope
from app.reports.sql import framework_case_ids, municipality_ids
from app.reports.summaries.models import ReportCase
from app.reports.tables import Table, count_columns
from app.reports.vocab import LABOUR_MARKET

STAGE_ORDER = [*JOURNEY[:-1], Stage.PAUSED, Stage.CLOSED]


def table_for(key: str, headers: list, *, ages: bool = True, columns=None, masked=False) -> Table:
    """An empty table `key` with its title and description; counts by gender and age group."""
    _section, title, description = labels.TABLES[key]
    if columns is None:
        ages_shown = labels.AGE_COLUMNS if ages else None
        columns = count_columns(labels.GENDER_COLUMNS, ages_shown, labels.TOTAL)
    return Table(key, title, description, headers, columns, masked=masked)


def grouped_counts(rows) -> list[tuple]:
    """(key tuple, gender, age group, n) from rows whose last three columns are those."""
    return [(tuple(row[:-3]), row[-3], row[-2], row[-1]) for row in rows]


def enum_order(labels_by_value: dict, values) -> list[tuple[tuple, list]]:
    """Rows in the vocabulary's order, labelled for people."""
    return [((str(v),), [labels_by_value[v]]) for v in values]


def regroup(counts: list[tuple], positions: tuple[int, ...]) -> list[tuple]:
    """The same counts keyed by some of their key's parts."""
    return [(tuple(key[i] for i in positions), g, a, n) for key, g, a, n in counts]


# -- the scope and the filters on the summaries --------------------------------------------
#
# Each query is built once per shape (which filters besides the period are chosen) and
# dialect, with bound parameters: building and hashing a statement cost about as much as
# running it on a municipality's summaries.


@dataclass(frozen=True)
class Shape:
    """Which of the filters other than the period narrow the figures."""

    coach: bool = False
    source: bool = False
    framework: bool = False
    dialect: str = "sqlite"
    # Counted per municipality too: the rows lead with the municipality's id (the regional
    # view's cube, see `app.reports.queries.cube`).
    split: bool = False

    @property
    def narrowed(self) -> bool:
        return self.coach or self.source or self.framework


def shape_of(filters: Filters, *, split: bool = False) -> Shape:
    """The shape of the queries for these filters, on the session's database."""
    return Shape(
        coach=filters.coach_id is not None,
        source=filters.source is not None,
        framework=filters.framework_code is not None,
        dialect=db.session.get_bind().dialect.name,
        split=split,
    )


def by_municipality(column, shape: Shape) -> list:
    """The municipality column a split query leads with and groups by first; none otherwise."""
    return [column.label("municipality")] if shape.split else []


def positions(start: int, count: int) -> list:
    """GROUP BY positions start.. start+count-1 (the same on SQLite and PostgreSQL)."""
    return [sa.literal_column(str(n)) for n in range(start, start + count)]


def parameters(scope: Scope, filters: Filters) -> dict:
    """The values of the bound parameters the queries name."""
    return {
        "municipality_ids": municipality_ids(scope, filters),
        "starts_at": filters.starts_at,
        "ends_before": filters.ends_before,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "coach_id": filters.coach_id,
        "source": filters.source,
        "framework_code": filters.framework_code,
    }


def execute(query, scope: Scope, filters: Filters):
    """Run a statement built by shape with the scope's and filters' values."""
    return db.session.execute(query, parameters(scope, filters))


def municipalities() -> sa.BindParameter:
    return sa.bindparam("municipality_ids", expanding=True)


def in_period(column) -> sa.ColumnElement:
    """A timestamp within the period."""
    return sa.and_(column >= sa.bindparam("starts_at"), column < sa.bindparam("ends_before"))


def on_days(column) -> sa.ColumnElement:
    """A date within the period."""
    return column.between(sa.bindparam("date_from"), sa.bindparam("date_to"))


def source_kept(column) -> sa.ColumnElement[bool]:
    """The filter's source; `LABOUR_MARKET` keeps every source but the own staff's."""
    wanted = sa.bindparam("source", type_=sa.String())
    value = sa.type_coerce(column, sa.String())
    labour_market = sa.and_(
        wanted == LABOUR_MARKET,
        sa.func.coalesce(value, "") != ReferralSource.OWN_STAFF.value,
    )
    return sa.or_(value == wanted, labour_market)


def case_conditions(shape: Shape) -> list:
    """The cases (`ReportCase`) of the scope that the filters other than the period keep."""
    conditions = [ReportCase.municipality_id.in_(municipalities())]
    if shape.coach:
        conditions.append(ReportCase.coach_id == sa.bindparam("coach_id"))
    if shape.source:
        conditions.append(source_kept(ReportCase.source))
    if shape.framework:
        cases = framework_case_ids(sa.bindparam("framework_code"))
        conditions.append(ReportCase.case_id.in_(cases))
    return conditions


def kept_cases(shape: Shape) -> sa.Select:
    """Ids of the cases the scope and filters (not the period) keep."""
    return sa.select(ReportCase.case_id).where(*case_conditions(shape))


def of_cases(summary, shape: Shape) -> list:
    """The same for rows that name their case and repeat its municipality (stays,
    decisions): read without the cases' table unless a coach, source or framework is chosen."""
    conditions = [summary.municipality_id.in_(municipalities())]
    if shape.narrowed:
        conditions.append(summary.case_id.in_(kept_cases(shape)))
    return conditions


def active_in_period() -> sa.ColumnElement:
    """A case that had started by the end of the period and was not closed before it."""
    return sa.and_(
        ReportCase.started_at < sa.bindparam("ends_before"),
        sa.or_(ReportCase.closed_at.is_(None), ReportCase.closed_at >= sa.bindparam("starts_at")),
    )
