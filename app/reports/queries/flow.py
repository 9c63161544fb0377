"""Inflow and pipeline: referrals, cases by stage, days in each stage."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from app.cases import labels as case_labels
from app.cases.vocab import (
    ReferralSource,
    ReferralStatus,
)
from app.cases.workflow import Stage
from app.reports import labels
from app.reports.queries.common import (
    STAGE_ORDER,
    Shape,
    active_in_period,
    by_municipality,
    case_conditions,
    enum_order,
    in_period,
    municipalities,
    of_cases,
    on_days,
    positions,
    regroup,
    source_kept,
    table_for,
)
from app.reports.queries.cube import Builder
from app.reports.scope import Filters, Scope
from app.reports.sql import percentile_parts, text
from app.reports.summaries.models import ReportCase, ReportReferral, ReportStay
from app.reports.tables import GENDERS, TOTAL, Column, Row, Table, pivot_counts

# -- inflow -------------------------------------------------------------------------------


def referral_conditions(shape: Shape) -> list:
    """Referrals received by the scope's municipalities in the period, filtered."""
    conditions = [
        ReportReferral.municipality_id.in_(municipalities()),
        on_days(ReportReferral.referred_on),
    ]
    if shape.source:
        conditions.append(source_kept(ReportReferral.source))
    if shape.coach or shape.framework:
        cases = sa.select(ReportCase.referral_id).where(*case_conditions(shape))
        conditions.append(ReportReferral.referral_id.in_(cases))
    return conditions


@cache
def _inflow(shape: Shape) -> sa.Select:
    r = ReportReferral
    keys = [
        *by_municipality(r.municipality_id, shape),
        sa.extract("year", r.referred_on),
        sa.extract("month", r.referred_on),
        text(r.source),
        text(r.status),
        text(r.gender),
        text(r.age_group),
    ]
    return (
        sa.select(*keys, sa.func.count())
        .where(*referral_conditions(shape))
        .group_by(*positions(1, len(keys)))
    )


def _inflow_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Referrals by source per month, and by decision (one query)."""
    counts = [((int(y), int(m), s, st), g, a, n) for y, m, s, st, g, a, n in rows]
    masked = scope.regional
    by_month = table_for("inflow_sources", [_l("Month"), _l("Referral source")], masked=masked)
    order = [
        ((y, m, source.value), [f"{y}-{m:02d}", case_labels.SOURCES[source]])
        for y, m in filters.months()
        for source in ReferralSource
    ]
    by_month.rows = pivot_counts(
        regroup(counts, (0, 1, 2)), order, keep_empty=False, total_label=labels.TOTAL, width=2
    )
    decisions = table_for("inflow_decisions", [_l("Decision")], masked=masked)
    decisions.rows = pivot_counts(
        regroup(counts, (3,)),
        enum_order(case_labels.REFERRAL_STATUS, ReferralStatus),
        total_label=labels.TOTAL,
    )
    months = table_for("inflow_months", [_l("Month")], masked=masked)
    months.rows = pivot_counts(
        regroup(counts, (0, 1)),
        [((y, m), [f"{y}-{m:02d}"]) for y, m in filters.months()],
        total_label=labels.TOTAL,
    )
    return {t.key: t for t in (by_month, months, decisions)}


inflow = Builder(("inflow_months", "inflow_sources", "inflow_decisions"), _inflow, _inflow_tables)


# -- pipeline -----------------------------------------------------------------------------


@cache
def _pipeline(shape: Shape) -> sa.Select:
    c = ReportCase
    keys = [*by_municipality(c.municipality_id, shape), text(c.stage), text(c.gender)]
    keys.append(text(c.age_group))
    return (
        sa.select(*keys, sa.func.count())
        .where(*case_conditions(shape), active_in_period())
        .group_by(*positions(1, len(keys)))
    )


def _pipeline_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Cases active in the period, by the stage they are in now."""
    counts = [((stage,), g, a, n) for stage, g, a, n in rows]
    table = table_for("pipeline_stages", [_l("Stage")], masked=scope.regional)
    table.rows = pivot_counts(
        counts, enum_order(case_labels.STAGES, STAGE_ORDER), total_label=labels.TOTAL
    )
    return {table.key: table}


pipeline = Builder(("pipeline_stages",), _pipeline, _pipeline_tables)


def _stage_days_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Median and 90th-percentile days of the stays in each stage that began in the period.

    A stay runs from the transition into a stage to the case's next transition; stays still
    going on are not counted. Closing ends a case, so "closed" has no stays.
    """
    values: dict[str, dict] = {}
    for stage_value, group, size, median, p90 in rows:
        row = values.setdefault(stage_value, {})
        row[f"n_{group}"], row[f"median_{group}"] = size, median
        if group == TOTAL:
            row["p90_total"] = p90
    columns = [
        Column(f"n_{TOTAL}", _l("Stays")),
        Column(f"median_{TOTAL}", _l("Median days"), "days", f"n_{TOTAL}"),
        Column(f"p90_{TOTAL}", _l("90th percentile, days"), "days", f"n_{TOTAL}"),
    ] + [Column(f"median_{g}", median_label(g), "days", f"n_{g}") for g in GENDERS]
    table = table_for("stage_days", [_l("Stage")], columns=columns, masked=scope.regional)
    table.rows = [
        Row([case_labels.STAGES[s]], values.get(s.value, {}))
        for s in STAGE_ORDER
        if s is not Stage.CLOSED
    ]
    return {table.key: table}


@cache
def _stays(shape: Shape) -> sa.Select:
    conditions = [*of_cases(ReportStay, shape), in_period(ReportStay.entered_at)]
    if shape.dialect == "postgresql":
        return _sorted_stays(conditions, shape)
    return _ranked_stays(conditions, shape)


# Medians do not add up: the region's come from their own query, not its municipalities'.
stage_days = Builder(("stage_days",), _stays, _stage_days_tables, additive=False)


def _ranked_stays(conditions: list, shape: Shape) -> sa.Select:
    """(stage, gender or total, stays, median, 90th percentile), ranked with window functions
    (after the municipality in a split query)."""
    s = ReportStay
    stage, gender = text(s.stage).label("stage"), text(s.gender)
    where = by_municipality(s.municipality_id, shape)
    both = sa.union_all(
        sa.select(*where, stage, gender.label("grp"), s.days).where(*conditions),
        sa.select(*where, stage, sa.literal(TOTAL).label("grp"), s.days).where(*conditions),
    ).subquery("durations")
    keys = [both.c.municipality] if shape.split else []
    partition = (*keys, both.c.stage, both.c.grp)
    ranked = sa.select(
        *partition,
        both.c.days,
        sa.func.row_number().over(partition_by=partition, order_by=both.c.days).label("rank"),
        sa.func.count().over(partition_by=partition).label("size"),
    ).subquery("ranked")
    grouped = [ranked.c[column.name] for column in partition]
    return sa.select(
        *grouped,
        sa.func.max(ranked.c.size),
        percentile_parts(ranked.c.rank, ranked.c.size, 5, ranked.c.days),
        percentile_parts(ranked.c.rank, ranked.c.size, 9, ranked.c.days),
    ).group_by(*grouped)


def _sorted_stays(conditions: list, shape: Shape) -> sa.Select:
    """The same on PostgreSQL from each group's days sorted into an array.

    Ranking every stay twice (per gender and in total) sorted the whole period's rows by
    stage, group and days: about a fifth of a second for a region's year. Sorting the days
    alone inside each group, with GROUPING SETS for the totals, takes a few hundredths, and
    the values around each percentile are read at the same positions as the ranks.
    """
    s = ReportStay
    stage, gender = text(s.stage), text(s.gender)
    is_total = sa.func.grouping(gender) == 1
    ordered = sa.func.array_agg(aggregate_order_by(s.days, s.days))
    split = [s.municipality_id] if shape.split else []
    grouped = (
        sa.select(
            *by_municipality(s.municipality_id, shape),
            stage.label("stage"),
            sa.case((is_total, TOTAL), else_=gender).label("grp"),
            sa.func.count().label("size"),
            sa.type_coerce(ordered, ARRAY(sa.Float(53))).label("days"),
        )
        .where(*conditions)
        .group_by(sa.func.grouping_sets(sa.tuple_(*split, stage, gender), sa.tuple_(*split, stage)))
        .subquery("grouped")
    )
    size, days = grouped.c.size, grouped.c.days
    return sa.select(
        *([grouped.c.municipality] if shape.split else []),
        grouped.c.stage,
        grouped.c.grp,
        size,
        array_percentile(days, size, 5),
        array_percentile(days, size, 9),
    )


def array_percentile(days, size, tenths: int) -> sa.ColumnElement:
    """`percentile_parts` for days sorted into an array: the same positions, the same sum."""
    offset = (size - 1) * tenths
    low, high = days[1 + offset // 10], days[2 + offset // 10]
    return low + (sa.func.coalesce(high, low) - low) * (offset % 10) / 10.0


def median_label(group: str):
    return _l("Median days, %(group)s", group=labels.GENDER_COLUMNS[group])


def rate_label(group: str):
    return _l("Pass rate %%, %(group)s", group=labels.GENDER_COLUMNS[group])
