"""The figures of the dashboard, each computed by a GROUP BY in the database.

`dashboard(scope, filters)` runs a fixed number of queries whatever the amount of data and
returns the tables by key. Each query returns counts already grouped by row, gender and age
group; `tables.pivot_counts` only adds those counts up into columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.assessments.models import Assessment, UnitDecision
from app.assessments.services.queries import not_superseded
from app.assessments.vocab import DecisionOutcome, DecisionStatus
from app.cases import labels as case_labels
from app.cases.models import Case, Participant, Referral, Transition
from app.cases.vocab import (
    Answer,
    Education,
    LabourMarketStatus,
    Outcome,
    ReferralSource,
    ReferralStatus,
)
from app.cases.workflow import JOURNEY, Stage
from app.certificates.models import Certificate
from app.employers.models import Placement, PlacementFollowUp
from app.employers.vocab import FollowUpPoint
from app.extensions import db
from app.frameworks.messages import LEVEL_LABELS
from app.frameworks.models import Framework, Unit
from app.reports import labels
from app.reports.scope import Filters, Scope
from app.reports.sql import (
    active_in_period,
    age_group,
    case_conditions,
    case_starts,
    date_in_period,
    days_between,
    filtered_case_ids,
    in_period,
    municipality_ids,
    percentile_parts,
    text,
)
from app.reports.tables import GENDERS, TOTAL, Column, Row, Table, count_columns, pivot_counts

STAGE_ORDER = [*JOURNEY[:-1], Stage.PAUSED, Stage.CLOSED]


def _table(key: str, headers: list, *, ages: bool = True, columns=None, masked=False) -> Table:
    _section, title, description = labels.TABLES[key]
    if columns is None:
        ages_shown = labels.AGE_COLUMNS if ages else None
        columns = count_columns(labels.GENDER_COLUMNS, ages_shown, labels.TOTAL)
    return Table(key, title, description, headers, columns, masked=masked)


def _counts(query) -> list[tuple]:
    """(key tuple, gender, age group, n) from a query whose last three columns are those."""
    return [(tuple(row[:-3]), row[-3], row[-2], row[-1]) for row in db.session.execute(query)]


def _enum_order(labels_by_value: dict, values) -> list[tuple[tuple, list]]:
    return [((str(v),), [labels_by_value[v]]) for v in values]


def _regroup(counts: list[tuple], positions: tuple[int, ...]) -> list[tuple]:
    """The same counts keyed by some of their key's parts."""
    return [(tuple(key[i] for i in positions), g, a, n) for key, g, a, n in counts]


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
    counts = [((int(y), int(m), s, st), g, a, n) for (y, m, s, st), g, a, n in _counts(query)]
    masked = scope.regional
    by_month = _table("inflow_sources", [_l("Month"), _l("Referral source")], masked=masked)
    order = [
        ((y, m, source.value), [f"{y}-{m:02d}", case_labels.SOURCES[source]])
        for y, m in filters.months()
        for source in ReferralSource
    ]
    by_month.rows = pivot_counts(
        _regroup(counts, (0, 1, 2)), order, keep_empty=False, total_label=labels.TOTAL, width=2
    )
    decisions = _table("inflow_decisions", [_l("Decision")], masked=masked)
    decisions.rows = pivot_counts(
        _regroup(counts, (3,)),
        _enum_order(case_labels.REFERRAL_STATUS, ReferralStatus),
        total_label=labels.TOTAL,
    )
    months = _table("inflow_months", [_l("Month")], masked=masked)
    months.rows = pivot_counts(
        _regroup(counts, (0, 1)),
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
    table = _table("pipeline_stages", [_l("Stage")], masked=scope.regional)
    table.rows = pivot_counts(
        _counts(query), _enum_order(case_labels.STAGES, STAGE_ORDER), total_label=labels.TOTAL
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
    ] + [Column(f"median_{g}", _median_label(g), "days", f"n_{g}") for g in GENDERS]
    table = _table("stage_days", [_l("Stage")], columns=columns, masked=scope.regional)
    table.rows = [
        Row([case_labels.STAGES[s]], values.get(s.value, {}))
        for s in STAGE_ORDER
        if s is not Stage.CLOSED
    ]
    return table


def _median_label(group: str):
    return _l("Median days, %(group)s", group=labels.GENDER_COLUMNS[group])


def _rate_label(group: str):
    return _l("Pass rate %%, %(group)s", group=labels.GENDER_COLUMNS[group])


# -- validation ---------------------------------------------------------------------------


def achieved(scope: Scope, filters: Filters) -> dict[str, Table]:
    """Units and credits verified as achieved in the period, per framework and level."""
    starts = case_starts()
    framework = sa.func.max(Framework.name)
    query = (
        sa.select(
            Framework.code,
            text(Unit.level),
            framework,
            text(Participant.gender),
            age_group(starts.c.started_at, Participant.birth_year),
            sa.func.count(),
            sa.func.sum(Unit.credits),
        )
        .select_from(UnitDecision)
        .join(Unit, Unit.id == UnitDecision.unit_id)
        .join(Framework, Framework.id == Unit.framework_id)
        .join(Case, Case.id == UnitDecision.case_id)
        .join(starts, starts.c.case_id == Case.id)
        .join(Participant, Participant.id == Case.participant_id)
        .where(
            *case_conditions(scope, filters),
            UnitDecision.status == DecisionStatus.VERIFIED,
            UnitDecision.outcome == DecisionOutcome.ACHIEVED,
            not_superseded(),
            in_period(UnitDecision.verified_at, filters),
        )
        .group_by(Framework.code, text(Unit.level), sa.literal_column("4"), sa.literal_column("5"))
        .order_by(framework, Framework.code)
    )
    units, credits, names = [], [], {}
    for code, level, name, gender, age, n, credit_sum in db.session.execute(query):
        names[(code, level)] = [name, LEVEL_LABELS.get(level, level)]
        units.append(((code, level), gender, age, n))
        credits.append(((code, level), gender, age, int(credit_sum or 0)))
    order = sorted(names.items(), key=lambda item: (str(item[1][0]), _level_rank(item[0][1])))
    headers = [_l("Framework"), _l("Level")]
    unit_table = _table("units_achieved", headers, masked=scope.regional)
    unit_table.rows = pivot_counts(units, order, total_label=labels.TOTAL, width=2)
    # A sum of credits is hidden where fewer than five units lie behind it.
    columns = [
        Column(c.key, c.label, "sum", f"n_{c.key}")
        for c in count_columns(labels.GENDER_COLUMNS, labels.AGE_COLUMNS, labels.TOTAL)
    ]
    credit_table = _table("credits_achieved", headers, columns=columns, masked=scope.regional)
    credit_table.rows = pivot_counts(credits, order, total_label=labels.TOTAL, width=2)
    for credit_row, unit_row in zip(credit_table.rows, unit_table.rows, strict=True):
        credit_row.values.update({f"n_{k}": v for k, v in unit_row.values.items()})
    return {t.key: t for t in (unit_table, credit_table)}


def _level_rank(level: str) -> int:
    keys = [str(k) for k in LEVEL_LABELS]
    return keys.index(level) if level in keys else len(keys)


def certificates(scope: Scope, filters: Filters) -> Table:
    """Certificates issued in the period and not revoked, per framework."""
    conditions = [
        Certificate.municipality_id.in_(municipality_ids(scope, filters)),
        in_period(Certificate.issued_at, filters),
        Certificate.revoked_at.is_(None),
    ]
    if filters.framework_code is not None:
        conditions.append(Certificate.framework_code == filters.framework_code)
    if filters.coach_id is not None or filters.source is not None:
        conditions.append(Certificate.case_id.in_(filtered_case_ids(scope, filters)))
    name = sa.func.max(Certificate.framework_name)
    gender = sa.func.coalesce(text(Participant.gender), "not_stated")
    query = (
        sa.select(
            Certificate.framework_code,
            name,
            gender,
            age_group(Certificate.issued_at, Participant.birth_year),
            sa.func.count(),
        )
        .outerjoin(Participant, Participant.id == Certificate.participant_id)
        .where(*conditions)
        .group_by(Certificate.framework_code, sa.literal_column("3"), sa.literal_column("4"))
        .order_by(name, Certificate.framework_code)
    )
    rows = db.session.execute(query).all()
    order = [((code,), [title]) for code, title, *_rest in rows]
    table = _table("certificates", [_l("Framework")], masked=scope.regional)
    table.rows = pivot_counts(
        [((code,), g, a, n) for code, _title, g, a, n in rows],
        list(dict(order).items()),
        total_label=labels.TOTAL,
    )
    return table


def first_attempts(scope: Scope, filters: Filters) -> Table:
    """Per unit: how many were assessed for the first time in the period, and passed then.

    The first attempt is the case's earliest assessment with a decision on the unit; what it
    gave is that assessment's decision as it stands now (a revision replaces, a re-assessment
    does not). Returned decisions wait for revision and are left out.
    """
    attempt = sa.func.row_number().over(
        partition_by=(UnitDecision.case_id, UnitDecision.unit_id),
        order_by=(Assessment.scheduled_on, Assessment.id),
    )
    ranked = (
        sa.select(
            UnitDecision.unit_id,
            UnitDecision.decided_at,
            text(UnitDecision.outcome).label("outcome"),
            text(Participant.gender).label("gender"),
            attempt.label("attempt"),
        )
        .join(Assessment, Assessment.id == UnitDecision.assessment_id)
        .join(Case, Case.id == UnitDecision.case_id)
        .join(Participant, Participant.id == Case.participant_id)
        .where(
            *case_conditions(scope, filters),
            not_superseded(),
            UnitDecision.status != DecisionStatus.RETURNED,
        )
        .subquery("attempts")
    )
    passed = sa.func.sum(sa.case((ranked.c.outcome == DecisionOutcome.ACHIEVED.value, 1), else_=0))
    title = Framework.name + " – " + Unit.code + " " + Unit.title
    query = (
        sa.select(ranked.c.unit_id, sa.func.max(title), ranked.c.gender, sa.func.count(), passed)
        .join(Unit, Unit.id == ranked.c.unit_id)
        .join(Framework, Framework.id == Unit.framework_id)
        .where(ranked.c.attempt == 1, in_period(ranked.c.decided_at, filters))
        .group_by(ranked.c.unit_id, ranked.c.gender)
    )
    values: dict[int, dict] = {}
    names: dict[int, str] = {}
    for unit_id, name, gender, tried, ok in db.session.execute(query):
        names[unit_id] = name
        row = values.setdefault(unit_id, {"n_total": 0, "passed_total": 0})
        row[f"n_{gender}"], row[f"passed_{gender}"] = tried, ok
        row["n_total"] += tried
        row["passed_total"] += ok
    for row in values.values():
        for group in (*GENDERS, TOTAL):
            if row.get(f"n_{group}"):
                row[f"rate_{group}"] = 100.0 * row[f"passed_{group}"] / row[f"n_{group}"]
    columns = [
        Column("n_total", _l("Assessed for the first time")),
        Column("passed_total", _l("Achieved at the first attempt")),
        Column("rate_total", _l("First-attempt pass rate in percent"), "percent", "n_total"),
    ] + [Column(f"rate_{g}", _rate_label(g), "percent", f"n_{g}") for g in GENDERS]
    table = _table("first_attempts", [_l("Unit")], columns=columns, masked=scope.regional)
    order = sorted(values, key=lambda uid: (values[uid]["rate_total"], names[uid]))
    table.rows = [Row([names[uid]], values[uid]) for uid in order]
    return table


# -- outcomes -----------------------------------------------------------------------------


def outcomes(scope: Scope, filters: Filters) -> dict[str, Table]:
    """Cases closed in the period: outcome, and labour-market status at entry and at exit."""
    starts = case_starts()
    query = (
        sa.select(
            text(Case.outcome),
            text(Participant.status_at_entry),
            text(Case.status_at_exit),
            text(Participant.gender),
            age_group(starts.c.started_at, Participant.birth_year),
            sa.func.count(),
        )
        .join(starts, starts.c.case_id == Case.id)
        .join(Participant, Participant.id == Case.participant_id)
        .where(*case_conditions(scope, filters), in_period(Case.closed_at, filters))
        .group_by(*[sa.literal_column(str(n)) for n in range(1, 6)])
    )
    counts = _counts(query)
    masked = scope.regional
    closing = _table("outcomes", [_l("Outcome")], masked=masked)
    closing.rows = pivot_counts(
        _regroup(counts, (0,)),
        _enum_order(case_labels.OUTCOMES, Outcome),
        total_label=labels.TOTAL,
    )
    status_labels = {**{s.value: case_labels.LABOUR_MARKET[s] for s in LabourMarketStatus}}
    order = [
        ((entry.value, exit_.value), [status_labels[entry.value], status_labels[exit_.value]])
        for entry in LabourMarketStatus
        for exit_ in LabourMarketStatus
    ]
    named = [
        (tuple(k if k is not None else "" for k in key), g, a, n)
        for key, g, a, n in _regroup(counts, (1, 2))
    ]
    for key, *_rest in named:
        if key not in dict(order):
            order.append((key, [status_labels.get(k, labels.NOT_RECORDED) for k in key]))
    exits = _table("exit_status", [_l("Status at entry"), _l("Status at exit")], masked=masked)
    exits.rows = pivot_counts(named, order, keep_empty=False, total_label=labels.TOTAL, width=2)
    return {t.key: t for t in (closing, exits)}


def follow_ups(scope: Scope, filters: Filters) -> Table:
    """Six-month follow-ups of placements due in the period: still in place or not."""
    starts = case_starts()
    state = sa.case(
        (PlacementFollowUp.done_at.is_(None), "pending"),
        (PlacementFollowUp.still_in_place.is_(True), "still"),
        else_="ended",
    )
    query = (
        sa.select(
            state,
            text(Participant.gender),
            age_group(starts.c.started_at, Participant.birth_year),
            sa.func.count(),
        )
        .join(Placement, Placement.id == PlacementFollowUp.placement_id)
        .join(Case, Case.id == Placement.case_id)
        .join(starts, starts.c.case_id == Case.id)
        .join(Participant, Participant.id == Case.participant_id)
        .where(
            *case_conditions(scope, filters),
            PlacementFollowUp.point == FollowUpPoint.MONTHS_6,
            date_in_period(PlacementFollowUp.due_on, filters),
        )
        .group_by(*[sa.literal_column(str(n)) for n in range(1, 4)])
    )
    table = _table("follow_ups", [_l("At the six-month follow-up")], masked=scope.regional)
    order = [((key,), [label]) for key, label in labels.FOLLOW_UP_STATES.items()]
    table.rows = pivot_counts(_counts(query), order, total_label=labels.TOTAL)
    return table


# -- participants -------------------------------------------------------------------------


def participants(scope: Scope, filters: Filters) -> dict[str, Table]:
    """People with a case active in the period, each counted once (age at their first case)."""
    starts = case_starts()
    first = (
        sa.select(Case.participant_id, sa.func.min(starts.c.started_at).label("started_at"))
        .join(starts, starts.c.case_id == Case.id)
        .where(*case_conditions(scope, filters), active_in_period(starts.c.started_at, filters))
        .group_by(Case.participant_id)
        .subquery("people")
    )
    query = (
        sa.select(
            text(Participant.education),
            text(Participant.status_at_entry),
            text(Participant.foreign_background),
            text(Participant.has_disability),
            text(Participant.gender),
            age_group(first.c.started_at, Participant.birth_year),
            sa.func.count(),
        )
        .join(first, first.c.participant_id == Participant.id)
        .group_by(*[sa.literal_column(str(n)) for n in range(1, 7)])
    )
    counts = [
        (tuple(k if k is not None else "" for k in key), g, a, n) for key, g, a, n in _counts(query)
    ]
    masked = scope.regional
    not_stated = [(("",), [labels.NOT_RECORDED])]
    specs = [
        ("education", 0, _enum_order(case_labels.EDUCATION, Education) + not_stated),
        (
            "entry_status",
            1,
            _enum_order(case_labels.LABOUR_MARKET, LabourMarketStatus) + not_stated,
        ),
        ("foreign_background", 2, _enum_order(case_labels.ANSWERS, Answer)),
        ("disability", 3, _enum_order(case_labels.ANSWERS, Answer)),
    ]
    tables = {}
    for key, position, order in specs:
        table = _table(key, [labels.ROW_HEADERS[key]], masked=masked)
        table.rows = pivot_counts(_regroup(counts, (position,)), order, total_label=labels.TOTAL)
        tables[key] = table
    return tables


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
