"""The dashboard's validation, outcome and participant queries over the live tables, as they
were before the precomputed tables: the reference the summaries are checked against."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.assessments.models import Assessment, UnitDecision
from app.assessments.queries import not_superseded
from app.assessments.vocab import DecisionOutcome, DecisionStatus
from app.cases import labels as case_labels
from app.cases.models import Case, Participant
from app.cases.vocab import (
    Answer,
    Education,
    LabourMarketStatus,
    Outcome,
)
from app.certificates.models import Certificate
from app.employers.models import Placement, PlacementFollowUp
from app.employers.vocab import FollowUpPoint
from app.extensions import db
from app.frameworks.labels import LEVEL_LABELS
from app.frameworks.models import Framework, Unit
from app.reports import labels
from app.reports.queries.common import enum_order, regroup, table_for
from app.reports.scope import Filters, Scope
from app.reports.sql import age_group, certificate_holder, text
from app.reports.tables import GENDERS, TOTAL, Column, Row, Table, count_columns, pivot_counts
from tests.reports.live.flow import rate_label
from tests.reports.live.sql import (
    active_in_period,
    case_conditions,
    case_starts,
    date_in_period,
    filtered_case_ids,
    grouped_counts,
    in_period,
    municipality_ids,
)

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
    unit_table = table_for("units_achieved", headers, masked=scope.regional)
    unit_table.rows = pivot_counts(units, order, total_label=labels.TOTAL, width=2)
    # A sum of credits is hidden where fewer than five units lie behind it.
    columns = [
        Column(c.key, c.label, "sum", f"n_{c.key}")
        for c in count_columns(labels.GENDER_COLUMNS, labels.AGE_COLUMNS, labels.TOTAL)
    ]
    credit_table = table_for("credits_achieved", headers, columns=columns, masked=scope.regional)
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
    gender, born = certificate_holder()
    query = (
        sa.select(
            Certificate.framework_code,
            name,
            gender,
            age_group(Certificate.issued_at, born),
            sa.func.count(),
        )
        .outerjoin(Participant, Participant.id == Certificate.participant_id)
        .where(*conditions)
        .group_by(Certificate.framework_code, sa.literal_column("3"), sa.literal_column("4"))
        .order_by(name, Certificate.framework_code)
    )
    rows = db.session.execute(query).all()
    order = [((code,), [title]) for code, title, *_rest in rows]
    table = table_for("certificates", [_l("Framework")], masked=scope.regional)
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
    ] + [Column(f"rate_{g}", rate_label(g), "percent", f"n_{g}") for g in GENDERS]
    table = table_for("first_attempts", [_l("Unit")], columns=columns, masked=scope.regional)
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
    counts = grouped_counts(query)
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
    table = table_for("follow_ups", [_l("At the six-month follow-up")], masked=scope.regional)
    order = [((key,), [label]) for key, label in labels.FOLLOW_UP_STATES.items()]
    table.rows = pivot_counts(grouped_counts(query), order, total_label=labels.TOTAL)
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
            sa.case((Participant.is_reserve_number, "reserve"), else_="number"),
            text(Participant.gender),
            age_group(first.c.started_at, Participant.birth_year),
            sa.func.count(),
        )
        .join(first, first.c.participant_id == Participant.id)
        .group_by(*[sa.literal_column(str(n)) for n in range(1, 8)])
    )
    counts = [
        (tuple(k if k is not None else "" for k in key), g, a, n)
        for key, g, a, n in grouped_counts(query)
    ]
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
        table.rows = pivot_counts(regroup(counts, (position,)), order, total_label=labels.TOTAL)
        tables[key] = table
    return tables
