"""The dashboard's inflow and pipeline queries over the live tables, as they were before
the precomputed tables (`app.reports.summaries`): the reference the summaries are checked
against."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.cases import labels as case_labels
from app.cases.models import Case, Participant, Referral, Transition
from app.cases.vocab import (
    ReferralSource,
    ReferralStatus,
)
from app.cases.workflow import Stage
from app.extensions import db
from app.reports import labels
from app.reports.queries.common import STAGE_ORDER, enum_order, regroup, table_for
from app.reports.scope import Filters, Scope
from app.reports.sql import age_group, days_between, percentile_parts, text
from app.reports.tables import GENDERS, TOTAL, Column, Row, Table, pivot_counts
from tests.reports.live.sql import (
    active_in_period,
    case_conditions,
    case_starts,
    date_in_period,
    grouped_counts,
    in_period,
    municipality_ids,
)

# -- inflow -------------------------------------------------------------------------------


def referral_conditions(scope: Scope, filters: Filters) -> list:
    """Referrals received by the scope's municipalities in the period, filtered."""
    conditions = [
        Referral.municipality_id.in_(municipality_ids(scope, filters)),
        date_in_period(Referral.referred_on, filters),
    ]
    if filters.source is not None:
        conditions.append(Referral.source == filters.source)
    if filters.coach_id is not None or filters.framework_code is not None:
        cases = sa.select(Case.referral_id).where(*case_conditions(scope, filters))
        conditions.append(Referral.id.in_(cases))
    return conditions


def inflow(scope: Scope, filters: Filters) -> dict[str, Table]:
    """Referrals by source per month, and by decision (one query)."""
    year = sa.extract("year", Referral.referred_on)
    month = sa.extract("month", Referral.referred_on)
    query = (
        sa.select(
            year,
            month,
            text(Referral.source),
            text(Referral.status),
            text(Participant.gender),
            age_group(Referral.referred_on, Participant.birth_year),
            sa.func.count(),
        )
        .join(Participant, Participant.id == Referral.participant_id)
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
    starts = case_starts()
    stage = text(Case.stage)
    query = (
        sa.select(
            stage,
            text(Participant.gender),
            age_group(starts.c.started_at, Participant.birth_year),
            sa.func.count(),
        )
        .join(starts, starts.c.case_id == Case.id)
        .join(Participant, Participant.id == Case.participant_id)
        .where(*case_conditions(scope, filters), active_in_period(starts.c.started_at, filters))
        .group_by(stage, sa.literal_column("2"), sa.literal_column("3"))
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
    left = sa.func.lead(Transition.at).over(
        partition_by=Transition.case_id, order_by=(Transition.at, Transition.id)
    )
    stays = (
        sa.select(
            text(Transition.to_stage).label("stage"),
            text(Participant.gender).label("gender"),
            Transition.at.label("entered"),
            left.label("left"),
        )
        .join(Case, Case.id == Transition.case_id)
        .join(Participant, Participant.id == Case.participant_id)
        .where(*case_conditions(scope, filters))
        .subquery("stays")
    )
    done = sa.and_(stays.c.left.is_not(None), in_period(stays.c.entered, filters))
    days = days_between(stays.c.entered, stays.c.left)
    both = sa.union_all(
        sa.select(stays.c.stage, stays.c.gender.label("grp"), days.label("days")).where(done),
        sa.select(stays.c.stage, sa.literal(TOTAL).label("grp"), days.label("days")).where(done),
    ).subquery("durations")
    partition = (both.c.stage, both.c.grp)
    ranked = sa.select(
        both.c.stage,
        both.c.grp,
        both.c.days,
        sa.func.row_number().over(partition_by=partition, order_by=both.c.days).label("rank"),
        sa.func.count().over(partition_by=partition).label("size"),
    ).subquery("ranked")
    query = sa.select(
        ranked.c.stage,
        ranked.c.grp,
        sa.func.max(ranked.c.size),
        percentile_parts(ranked.c.rank, ranked.c.size, 5, ranked.c.days),
        percentile_parts(ranked.c.rank, ranked.c.size, 9, ranked.c.days),
    ).group_by(ranked.c.stage, ranked.c.grp)
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


def median_label(group: str):
    return _l("Median days, %(group)s", group=labels.GENDER_COLUMNS[group])


def rate_label(group: str):
    return _l("Pass rate %%, %(group)s", group=labels.GENDER_COLUMNS[group])
