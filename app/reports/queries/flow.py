"""Inflow and pipeline: referrals, cases by stage, days in each stage."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from app.cases import labels as case_labels
from app.cases.vocab import (
    ReferralSource,
    ReferralStatus,
)
from app.cases.workflow import Stage
from app.extensions import db
from app.reports import labels
from app.reports.queries.common import (
    STAGE_ORDER,
    active_in_period,
    case_conditions,
    enum_order,
    grouped_counts,
    of_cases,
    regroup,
    table_for,
)
from app.reports.scope import Filters, Scope
from app.reports.sql import (
    date_in_period,
    in_period,
    municipality_ids,
    percentile_parts,
    text,
)
from app.reports.summaries.models import ReportCase, ReportReferral, ReportStay
from app.reports.tables import GENDERS, TOTAL, Column, Row, Table, pivot_counts

# -- inflow -------------------------------------------------------------------------------


def referral_conditions(scope: Scope, filters: Filters) -> list:
    """Referrals received by the scope's municipalities in the period, filtered."""
    conditions = [
        ReportReferral.municipality_id.in_(municipality_ids(scope, filters)),
        date_in_period(ReportReferral.referred_on, filters),
    ]
    if filters.source is not None:
        conditions.append(ReportReferral.source == filters.source)
    if filters.coach_id is not None or filters.framework_code is not None:
        cases = sa.select(ReportCase.referral_id).where(*case_conditions(scope, filters))
        conditions.append(ReportReferral.referral_id.in_(cases))
    return conditions


def inflow(scope: Scope, filters: Filters) -> dict[str, Table]:
    """Referrals by source per month, and by decision (one query)."""
    r = ReportReferral
    query = (
        sa.select(
            sa.extract("year", r.referred_on),
            sa.extract("month", r.referred_on),
            text(r.source),
            text(r.status),
            text(r.gender),
            text(r.age_group),
            sa.func.count(),
        )
        .where(*referral_conditions(scope, filters))
        .group_by(sa.literal_column("1"), sa.literal_column("2"), *_tail(4))
    )
    counts = [
        ((int(y), int(m), s, st), g, a, n) for (y, m, s, st), g, a, n in grouped_counts(query)
    ]
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


def _tail(count: int) -> list:
    """GROUP BY positions 3.. count+2: the columns after year and month."""
    return [sa.literal_column(str(n)) for n in range(3, 3 + count)]


# -- pipeline -----------------------------------------------------------------------------


def pipeline(scope: Scope, filters: Filters) -> Table:
    """Cases active in the period, by the stage they are in now."""
    c = ReportCase
    stage, gender, age = text(c.stage), text(c.gender), text(c.age_group)
    query = (
        sa.select(stage, gender, age, sa.func.count())
        .where(*case_conditions(scope, filters), active_in_period(filters))
        .group_by(stage, gender, age)
    )
    table = table_for("pipeline_stages", [_l("Stage")], masked=scope.regional)
    table.rows = pivot_counts(
        grouped_counts(query), enum_order(case_labels.STAGES, STAGE_ORDER), total_label=labels.TOTAL
    )
    return table


def stage_days(scope: Scope, filters: Filters) -> Table:
    """Median and 90th-percentile days of the stays in each stage that began in the period.

    A stay runs from the transition into a stage to the case's next transition; stays still
    going on are not counted. Closing ends a case, so "closed" has no stays.
    """
    conditions = [*of_cases(ReportStay, scope, filters), in_period(ReportStay.entered_at, filters)]
    if db.session.get_bind().dialect.name == "postgresql":
        query = _sorted_stays(conditions)
    else:
        query = _ranked_stays(conditions)
    values: dict[str, dict] = {}
    for stage_value, group, size, median, p90 in db.session.execute(query):
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
    return table


def _ranked_stays(conditions: list) -> sa.Select:
    """(stage, gender or total, stays, median, 90th percentile), ranked with window functions."""
    s = ReportStay
    stage, gender = text(s.stage).label("stage"), text(s.gender)
    both = sa.union_all(
        sa.select(stage, gender.label("grp"), s.days).where(*conditions),
        sa.select(stage, sa.literal(TOTAL).label("grp"), s.days).where(*conditions),
    ).subquery("durations")
    partition = (both.c.stage, both.c.grp)
    ranked = sa.select(
        both.c.stage,
        both.c.grp,
        both.c.days,
        sa.func.row_number().over(partition_by=partition, order_by=both.c.days).label("rank"),
        sa.func.count().over(partition_by=partition).label("size"),
    ).subquery("ranked")
    return sa.select(
        ranked.c.stage,
        ranked.c.grp,
        sa.func.max(ranked.c.size),
        percentile_parts(ranked.c.rank, ranked.c.size, 5, ranked.c.days),
        percentile_parts(ranked.c.rank, ranked.c.size, 9, ranked.c.days),
    ).group_by(ranked.c.stage, ranked.c.grp)


def _sorted_stays(conditions: list) -> sa.Select:
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
    grouped = (
        sa.select(
            stage.label("stage"),
            sa.case((is_total, TOTAL), else_=gender).label("grp"),
            sa.func.count().label("size"),
            sa.type_coerce(ordered, ARRAY(sa.Float(53))).label("days"),
        )
        .where(*conditions)
        .group_by(sa.func.grouping_sets(sa.tuple_(stage, gender), sa.tuple_(stage)))
        .subquery("grouped")
    )
    size, days = grouped.c.size, grouped.c.days
    return sa.select(
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
