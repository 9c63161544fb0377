"""Validation, outcomes and participants."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.cases import labels as case_labels
from app.cases.models import Participant
from app.cases.vocab import (
    Answer,
    Education,
    LabourMarketStatus,
    Outcome,
)
from app.certificates.models import Certificate
from app.employers.models import Placement, PlacementFollowUp
from app.employers.vocab import FollowUpPoint
from app.frameworks.labels import LEVEL_LABELS
from app.frameworks.models import Framework, Unit
from app.reports import labels
from app.reports.queries.common import (
    Shape,
    active_in_period,
    by_municipality,
    case_conditions,
    enum_order,
    grouped_counts,
    in_period,
    kept_cases,
    municipalities,
    of_cases,
    on_days,
    positions,
    regroup,
    table_for,
)
from app.reports.queries.cube import Builder
from app.reports.queries.flow import rate_label
from app.reports.scope import Filters, Scope
from app.reports.sql import age_group, certificate_holder, text
from app.reports.summaries.models import ReportCase, ReportDecision
from app.reports.tables import GENDERS, TOTAL, Column, Row, Table, count_columns, pivot_counts

# -- validation ---------------------------------------------------------------------------


@cache
def _achieved(shape: Shape) -> sa.Select:
    d = ReportDecision
    framework = sa.func.max(Framework.name)
    return (
        sa.select(
            *by_municipality(d.municipality_id, shape),
            Framework.code,
            text(Unit.level),
            framework,
            text(d.gender),
            text(d.age_group),
            sa.func.count(),
            sa.func.sum(Unit.credits),
        )
        .join(Unit, Unit.id == d.unit_id)
        .join(Framework, Framework.id == Unit.framework_id)
        .where(
            *of_cases(d, shape),
            in_period(d.achieved_at),
            d.age_group.is_not(None),  # a case with no transition has no start to age from
        )
        .group_by(
            *by_municipality(d.municipality_id, shape),
            Framework.code,
            text(Unit.level),
            text(d.gender),
            text(d.age_group),
        )
        .order_by(framework, Framework.code)
    )


def _achieved_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Units and credits verified as achieved in the period, per framework and level."""
    units, credits, names = [], [], {}
    for code, level, name, gender, age, n, credit_sum in rows:
        names[(code, level)] = [name, LEVEL_LABELS.get(level, level)]
        units.append(((code, level), gender, age, n))
        credits.append(((code, level), gender, age, int(credit_sum or 0)))
    order = sorted(names.items(), key=lambda item: (str(item[1][0]), _level_rank(item[0][1])))
    headers = [_l("Framework"), _l("Level")]
    unit_table = table_for("units_achieved", headers, masked=scope.regional)
    unit_table.rows = pivot_counts(units, order, total_label=labels.TOTAL, width=2)
    # A sum of credits is hidden where fewer than five units lie behind it.
    columns = [
        Column(c.key, c.label, "sum", f"n_{c.key}")
        for c in count_columns(labels.GENDER_COLUMNS, labels.AGE_COLUMNS, labels.TOTAL)
    ]
    credit_table = table_for("credits_achieved", headers, columns=columns, masked=scope.regional)
    credit_table.follows = unit_table
    credit_table.rows = pivot_counts(credits, order, total_label=labels.TOTAL, width=2)
    for credit_row, unit_row in zip(credit_table.rows, unit_table.rows, strict=True):
        credit_row.values.update({f"n_{k}": v for k, v in unit_row.values.items()})
    return {t.key: t for t in (unit_table, credit_table)}


achieved = Builder(("units_achieved", "credits_achieved"), _achieved, _achieved_tables)


def _level_rank(level: str) -> int:
    keys = [str(k) for k in LEVEL_LABELS]
    return keys.index(level) if level in keys else len(keys)


@cache
def _certificates(shape: Shape) -> sa.Select:
    conditions = [
        Certificate.municipality_id.in_(municipalities()),
        in_period(Certificate.issued_at),
        Certificate.revoked_at.is_(None),
    ]
    if shape.framework:
        conditions.append(Certificate.framework_code == sa.bindparam("framework_code"))
    if shape.coach or shape.source:
        conditions.append(Certificate.case_id.in_(kept_cases(shape)))
    name = sa.func.max(Certificate.framework_name)
    gender, born = certificate_holder()
    split = by_municipality(Certificate.municipality_id, shape)
    return (
        sa.select(
            *split,
            Certificate.framework_code,
            name,
            gender,
            age_group(Certificate.issued_at, born),
            sa.func.count(),
        )
        .outerjoin(Participant, Participant.id == Certificate.participant_id)
        .where(*conditions)
        .group_by(*positions(1, len(split) + 1), *positions(len(split) + 3, 2))
        .order_by(name, Certificate.framework_code)
    )


def _certificate_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Certificates issued in the period and not revoked, per framework.

    Read from the certificates themselves: few per period, and each keeps its own municipality,
    framework and dates (anonymisation unlinks it from the participant).
    """
    order = [((code,), [title]) for code, title, *_rest in rows]
    table = table_for("certificates", [_l("Framework")], masked=scope.regional)
    table.rows = pivot_counts(
        [((code,), g, a, n) for code, _title, g, a, n in rows],
        list(dict(order).items()),
        total_label=labels.TOTAL,
    )
    return {table.key: table}


certificates = Builder(("certificates",), _certificates, _certificate_tables)


@cache
def _first_attempts(shape: Shape) -> sa.Select:
    d = ReportDecision
    passed = sa.func.sum(sa.case((d.passed_first, 1), else_=0))
    title = Framework.name + " – " + Unit.code + " " + Unit.title
    split = by_municipality(d.municipality_id, shape)
    return (
        sa.select(*split, d.unit_id, sa.func.max(title), text(d.gender), sa.func.count(), passed)
        .join(Unit, Unit.id == d.unit_id)
        .join(Framework, Framework.id == Unit.framework_id)
        .where(*of_cases(d, shape), in_period(d.first_attempt_at))
        .group_by(*positions(1, len(split) + 1), *positions(len(split) + 3, 1))
    )


def _first_attempt_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Per unit: how many were assessed for the first time in the period, and passed then.

    The first attempt is the case's earliest assessment with a decision on the unit; what it
    gave is that assessment's decision as it stands now (a revision replaces, a re-assessment
    does not). Returned decisions wait for revision and are left out.
    """
    values: dict[int, dict] = {}
    names: dict[int, str] = {}
    for unit_id, name, gender, tried, ok in rows:  # a unit and gender per municipality
        names[unit_id] = name
        row = values.setdefault(unit_id, {"n_total": 0, "passed_total": 0})
        row[f"n_{gender}"] = row.get(f"n_{gender}", 0) + tried
        row[f"passed_{gender}"] = row.get(f"passed_{gender}", 0) + ok
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
    ] + [Column(f"rate_{g}", rate_label(g), "percent", f"n_{g}") for g in GENDERS]
    table = table_for("first_attempts", [_l("Unit")], columns=columns, masked=scope.regional)
    order = sorted(values, key=lambda uid: (values[uid]["rate_total"], names[uid]))
    table.rows = [Row([names[uid]], values[uid]) for uid in order]
    return {table.key: table}


first_attempts = Builder(("first_attempts",), _first_attempts, _first_attempt_tables)


# -- outcomes -----------------------------------------------------------------------------


@cache
def _outcomes(shape: Shape) -> sa.Select:
    c = ReportCase
    keys = [c.outcome, c.status_at_entry, c.status_at_exit, c.gender, c.age_group]
    keys = [*by_municipality(c.municipality_id, shape), *(text(k) for k in keys)]
    return (
        sa.select(*keys, sa.func.count())
        .where(*case_conditions(shape), in_period(c.closed_at), c.started_at.is_not(None))
        .group_by(*positions(1, len(keys)))
    )


def _outcome_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Cases closed in the period: outcome, and labour-market status at entry and at exit."""
    counts = grouped_counts(rows)
    masked = scope.regional
    closing = table_for("outcomes", [_l("Outcome")], masked=masked)
    closing.rows = pivot_counts(
        regroup(counts, (0,)),
        enum_order(case_labels.OUTCOMES, Outcome),
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
        for key, g, a, n in regroup(counts, (1, 2))
    ]
    for key, *_rest in named:
        if key not in dict(order):
            order.append((key, [status_labels.get(k, labels.NOT_RECORDED) for k in key]))
    exits = table_for("exit_status", [_l("Status at entry"), _l("Status at exit")], masked=masked)
    exits.rows = pivot_counts(named, order, keep_empty=False, total_label=labels.TOTAL, width=2)
    return {t.key: t for t in (closing, exits)}


outcomes = Builder(("outcomes", "exit_status"), _outcomes, _outcome_tables)


@cache
def _follow_ups(shape: Shape) -> sa.Select:
    c = ReportCase
    state = sa.case(
        (PlacementFollowUp.done_at.is_(None), "pending"),
        (PlacementFollowUp.still_in_place.is_(True), "still"),
        else_="ended",
    )
    keys = [*by_municipality(c.municipality_id, shape), state, text(c.gender), text(c.age_group)]
    return (
        sa.select(*keys, sa.func.count())
        .join(Placement, Placement.id == PlacementFollowUp.placement_id)
        .join(c, c.case_id == Placement.case_id)
        .where(
            *case_conditions(shape),
            c.started_at.is_not(None),
            PlacementFollowUp.point == FollowUpPoint.MONTHS_6,
            on_days(PlacementFollowUp.due_on),
        )
        .group_by(*positions(1, len(keys)))
    )


def _follow_up_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """Six-month follow-ups of placements due in the period: still in place or not."""
    counts = grouped_counts(rows)
    table = table_for("follow_ups", [_l("At the six-month follow-up")], masked=scope.regional)
    order = [((key,), [label]) for key, label in labels.FOLLOW_UP_STATES.items()]
    table.rows = pivot_counts(counts, order, total_label=labels.TOTAL)
    return {table.key: table}


follow_ups = Builder(("follow_ups",), _follow_ups, _follow_up_tables)


# -- participants -------------------------------------------------------------------------


# The participants' tables, each counting by one thing said about the person.
PEOPLE = ("education", "entry_status", "foreign_background", "disability", "identity")


@cache
def _participants(shape: Shape) -> sa.Select:
    c = ReportCase
    kept = [*case_conditions(shape), active_in_period()]
    # What is said about the person repeats on each of their cases' rows.
    person = [
        text(column).label(column.key)
        for column in (c.education, c.status_at_entry, c.foreign_background, c.has_disability)
    ] + [c.identity.label("identity"), text(c.gender).label("gender")]
    # Split, each municipality counts the person once (the region too, from its own query).
    person = [*by_municipality(c.municipality_id, shape), *person]
    # Someone with one case is that case: counted as cases are, aged at its start...
    age = text(c.age_group)
    alone = (
        sa.select(*person, age.label("age"), sa.func.count().label("n"))
        .where(*kept, c.is_sole)
        .group_by(*person, age)
    )
    # ... someone with several, once, aged at the first of them the filters keep.
    first_age = age_group(sa.func.min(c.started_at), c.birth_year)
    shared = (
        sa.select(*person, first_age.label("age"), sa.literal(1).label("n"))
        .where(*kept, sa.not_(c.is_sole))
        .group_by(c.participant_id, *person, c.birth_year)
    )
    people = sa.union_all(alone, shared).cte("people")
    split = [people.c.municipality] if shape.split else []
    # Each table counts by one of the five: the database adds up the combinations, so that
    # a few rows per table come back instead of one per combination.
    return sa.union_all(
        *(
            sa.select(
                *split,
                sa.literal(position).label("position"),
                people.c[column.key].label("answer"),
                people.c.gender,
                people.c.age,
                sa.cast(sa.func.sum(people.c.n), sa.Integer).label("n"),
            ).group_by(*split, people.c[column.key], people.c.gender, people.c.age)
            for position, column in enumerate(person[len(split) : len(split) + len(PEOPLE)])
        )
    )


def _participant_tables(rows, scope: Scope, filters: Filters) -> dict[str, Table]:
    """People with a case active in the period, each counted once (age at their first case)."""
    counts: list[list] = [[] for _ in PEOPLE]
    for position, answer, gender, age, n in rows:
        counts[position].append(((answer if answer is not None else "",), gender, age, n))
    masked = scope.regional
    not_stated = [(("",), [labels.NOT_RECORDED])]
    specs = [
        ("education", 0, enum_order(case_labels.EDUCATION, Education) + not_stated),
        (
            "entry_status",
            1,
            enum_order(case_labels.LABOUR_MARKET, LabourMarketStatus) + not_stated,
        ),
        ("foreign_background", 2, enum_order(case_labels.ANSWERS, Answer)),
        ("disability", 3, enum_order(case_labels.ANSWERS, Answer)),
        ("identity", 4, list(labels.IDENTITIES.items())),
    ]
    tables = {}
    for key, position, order in specs:
        table = table_for(key, [labels.ROW_HEADERS[key]], masked=masked)
        table.rows = pivot_counts(counts[position], order, total_label=labels.TOTAL)
        tables[key] = table
    return tables


# Someone with cases in two municipalities is one person of the region: its figures are not
# the sum of its municipalities', and come from their own query.
participants = Builder(
    PEOPLE,
    _participants,
    _participant_tables,
    additive=False,
)
