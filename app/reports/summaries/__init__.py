"""Keeping the statistics' precomputed tables (`models.py`) in step, in the same transaction
as every write that changes what they summarise.

After each flush, the ids named by the flushed rows of the watched models (a transition names
its case, a decision its case, a participant its cases and referrals) are collected, and the
rows of those cases and referrals are recomputed from the live definitions in `rows.py`:
deleted, then inserted again with INSERT ... SELECT. Bulk statements sent through the session,
which skip the flush (anonymisation's UPDATE and DELETE do), are followed too: the rows an
UPDATE or DELETE touches are read before and after it, an INSERT's keys come from its
parameters (one whose keys cannot be read recomputes everything). Rows written past the
session (the benchmark generator writes on the connection) are caught up with
`rebuild_report_summaries()`.

A figure that comes to read another column must have that column watched below, or its
summary would miss the column's changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.reports.summaries import rows
from app.reports.summaries.models import ReportCase, ReportDecision, ReportReferral, ReportStay

PENDING = "reports.summaries.pending"
CHUNK = 500  # ids per statement: far below every database's limit on parameters


@dataclass(frozen=True)
class Watch:
    """A model whose rows change the summaries: `keys` are (kind, attribute) pairs naming the
    ids a row touches; an update matters only when one of `changes` changed, an insert only
    when `on_insert` (a deleted row always does).

    The kind says what an id recomputes. "case": every row of the case; "decisions": the
    case's decision rows; "participant": the rows of their cases and referrals;
    "participant_cases": the rows of their cases (whether a case is their only one);
    "referral": the referral's row; "referral_case": the rows of the case opened from it.
    """

    model: type
    keys: tuple[tuple[str, str], ...]
    changes: tuple[str, ...]
    on_insert: bool = True


_by_class: dict[type, list[Watch]] = defaultdict(list)
_by_table: dict[str, list[Watch]] = defaultdict(list)


def watch(model, keys, changes, *, on_insert: bool = True) -> None:
    """Recompute the summaries when rows of `model` change (see `Watch`)."""
    item = Watch(model, tuple(keys), tuple(changes), on_insert)
    _by_class[model].append(item)
    _by_table[model.__table__.name].append(item)


def _watch_sources() -> None:
    """The tables and columns `rows.py` reads."""
    from app.assessments.models import Assessment, UnitDecision
    from app.cases.models import Case, Participant, Referral, Transition

    watch(
        Case,
        [("case", "id")],
        ["participant_id", "municipality_id", "coach_id", "referral_id", "stage"]
        + ["closed_at", "outcome", "status_at_exit"],
    )
    watch(Case, [("participant_cases", "participant_id")], ["participant_id"])
    watch(Transition, [("case", "case_id")], ["case_id", "at", "to_stage"])
    watch(
        Participant,
        [("participant", "id")],
        ["gender", "birth_year", "education", "status_at_entry", "foreign_background"]
        + ["has_disability"],
        on_insert=False,  # a new participant has no case or referral yet
    )
    watch(
        Referral,
        [("referral", "id")],
        ["municipality_id", "participant_id", "source", "referred_on", "status"],
    )
    watch(Referral, [("referral_case", "id")], ["source"], on_insert=False)
    watch(
        UnitDecision,
        [("decisions", "case_id")],
        ["case_id", "unit_id", "assessment_id", "outcome", "status", "decided_at"]
        + ["verified_at", "supersedes_id"],
    )
    # The order of a case's assessments decides which attempt came first; a new assessment
    # has no decision yet.
    watch(Assessment, [("decisions", "case_id")], ["case_id", "scheduled_on"], on_insert=False)


def _watches() -> dict[type, list[Watch]]:
    if not _by_class:
        _watch_sources()
    return _by_class


# --- recomputing ----------------------------------------------------------------------


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _insert(connection, table: sa.Table, query: sa.Select) -> None:
    connection.execute(table.insert().from_select(list(query.selected_columns.keys()), query))


def _replace(connection, model, key: str, rows_of: Callable, ids: set[int]) -> None:
    table = model.__table__
    for chunk in _chunks(ids):
        connection.execute(table.delete().where(table.c[key].in_(chunk)))
        _insert(connection, table, rows_of(chunk))


def refresh_cases(connection, case_ids: Iterable[int]) -> None:
    """Recompute every row of these cases."""
    ids = set(case_ids)
    _replace(connection, ReportCase, "case_id", rows.case_rows, ids)
    _replace(connection, ReportStay, "case_id", rows.stay_rows, ids)
    _replace(connection, ReportDecision, "case_id", rows.decision_rows, ids)


def refresh_decisions(connection, case_ids: Iterable[int]) -> None:
    """Recompute the decision rows of these cases."""
    _replace(connection, ReportDecision, "case_id", rows.decision_rows, set(case_ids))


def refresh_referrals(connection, referral_ids: Iterable[int]) -> None:
    """Recompute the rows of these referrals."""
    _replace(connection, ReportReferral, "referral_id", rows.referral_rows, set(referral_ids))


SUMMARIES = (
    (ReportCase, rows.case_rows),
    (ReportReferral, rows.referral_rows),
    (ReportStay, rows.stay_rows),
    (ReportDecision, rows.decision_rows),
)


def rebuild_report_summaries(connection=None) -> None:
    """Recompute every table from scratch (after rows were written past the session)."""
    from app.extensions import db

    connection = connection or db.session.connection()
    for model, rows_of in SUMMARIES:
        connection.execute(model.__table__.delete())
        _insert(connection, model.__table__, rows_of())


def _resolved(connection, touched: dict[str, set[int]]) -> tuple[set, set, set]:
    """(cases, cases whose decisions alone, referrals) whose rows the touched ids change."""
    from app.cases.models import Case, Referral

    cases, referrals = set(touched.get("case", ())), set(touched.get("referral", ()))
    queries = (
        [
            sa.select(Case.id).where(Case.participant_id.in_(chunk))
            for chunk in _chunks(touched.get("participant", ()))
        ]
        + [
            sa.select(Case.id).where(Case.participant_id.in_(chunk))
            for chunk in _chunks(touched.get("participant_cases", ()))
        ]
        + [
            sa.select(Case.id).where(Case.referral_id.in_(chunk))
            for chunk in _chunks(touched.get("referral_case", ()))
        ]
    )
    if queries:
        cases.update(connection.execute(sa.union(*queries)).scalars())
    for chunk in _chunks(touched.get("participant", ())):
        query = sa.select(Referral.id).where(Referral.participant_id.in_(chunk))
        referrals.update(connection.execute(query).scalars())
    decisions = set(touched.get("decisions", ())) - cases
    return cases, decisions, referrals


def _lock(connection, model, ids: set[int]) -> None:
    """On PostgreSQL, hold these rows (in id order) until the transaction ends.

    Two transactions recomputing one case's rows would otherwise both delete the old rows,
    the second not seeing the rows the first inserted, and both insert: the second fails on
    the primary key, or leaves rows computed without the first's change. Waiting here, the
    second deletes and recomputes only after the first has committed. The lock leaves the
    row's key alone, so inserting rows that refer to it is not held up.
    """
    if connection.dialect.name != "postgresql":
        return  # SQLite lets one writer at a time
    for chunk in _chunks(ids):
        query = sa.select(model.id).where(model.id.in_(chunk)).order_by(model.id)
        connection.execute(query.with_for_update(key_share=True))


def refresh(connection, touched: dict[str, set[int]]) -> None:
    """Recompute the rows that the touched ids can change."""
    from app.cases.models import Case, Participant, Referral

    # Participants first: whose cases they are is read only once they are held.
    people = set(touched.get("participant", ())) | set(touched.get("participant_cases", ()))
    _lock(connection, Participant, people)
    cases, decisions, referrals = _resolved(connection, touched)
    _lock(connection, Case, cases | decisions)
    _lock(connection, Referral, referrals)
    if cases:
        refresh_cases(connection, cases)
    if decisions:
        refresh_decisions(connection, decisions)
    if referrals:
        refresh_referrals(connection, referrals)


# --- following the session's writes ---------------------------------------------------


def _values(state, attribute: str) -> set:
    """The attribute's value now and before this flush (no SQL: unloaded gives nothing)."""
    history = state.attrs[attribute].history
    values = (*history.added, *history.unchanged, *history.deleted, state.dict.get(attribute))
    return {v for v in values if v is not None}


def _touched_by(obj, item: Watch, *, how: str, into: dict[str, set[int]]) -> None:
    state = sa.inspect(obj)
    if how == "new" and not item.on_insert:
        return
    if how == "dirty" and not any(state.attrs[a].history.has_changes() for a in item.changes):
        return
    for kind, attribute in item.keys:
        into[kind].update(_values(state, attribute))


@event.listens_for(Session, "after_flush")
def _collect(session, flush_context) -> None:
    """Note what the flush touched, while the session still knows what it was."""
    watches = _watches()
    touched: dict[str, set[int]] = session.info.get(PENDING) or defaultdict(set)
    for objects, how in ((session.new, "new"), (session.dirty, "dirty"), (session.deleted, "gone")):
        for obj in objects:
            for item in watches.get(type(obj), ()):
                _touched_by(obj, item, how=how, into=touched)
    if any(touched.values()):
        session.info[PENDING] = touched


@event.listens_for(Session, "after_flush_postexec")
def _recompute(session, flush_context) -> None:
    """Recompute the touched rows in the flush's transaction, before anything reads them."""
    touched = session.info.pop(PENDING, None)
    if touched:
        refresh(session.connection(), touched)


def _keys_where(session, items: list[Watch], where) -> dict[str, set[int]]:
    """The ids named by the rows of the watched table that `where` matches now."""
    keys: dict[str, set[int]] = defaultdict(set)
    table = items[0].model.__table__
    pairs = [pair for item in items for pair in item.keys]
    query = sa.select(*(table.c[attribute] for _kind, attribute in pairs))
    if where is not None:
        query = query.where(where)
    for row in session.connection().execute(query):
        for (kind, _attribute), value in zip(pairs, row, strict=True):
            if value is not None:
                keys[kind].add(value)
    return keys


@event.listens_for(Session, "do_orm_execute")
def _follow_bulk_changes(state):
    """A bulk INSERT, UPDATE or DELETE of a watched table: recompute the rows it touched."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    _watches()
    table = getattr(state.statement, "table", None)
    items = _by_table.get(getattr(table, "name", None))
    if not items:
        return None
    session = state.session
    if session.autoflush:
        session.flush()  # the rows matched below are those the statement will change
    if state.is_insert:
        result = state.invoke_statement()
        _follow_insert(session, items, state.parameters)
        return result
    where = state.statement.whereclause
    # Resolved before the statement: a DELETE may remove the rows that lead to the cases.
    before = _resolved(session.connection(), _keys_where(session, items, where))
    result = state.invoke_statement()
    after = (set(), set(), set())
    if state.is_update:
        after = _resolved(session.connection(), _keys_where(session, items, where))
    cases, decisions, referrals = (b | a for b, a in zip(before, after, strict=True))
    refresh(session.connection(), {"case": cases, "decisions": decisions, "referral": referrals})
    return result


def _follow_insert(session, items: list[Watch], parameters) -> None:
    """Rows inserted from parameters name their keys; any other INSERT (from a SELECT, with
    its values in the statement, or without the keys) cannot be followed: all is recomputed."""
    inserted = parameters if isinstance(parameters, list | tuple) else [parameters or {}]
    touched: dict[str, set[int]] = defaultdict(set)
    for item in items:
        if not item.on_insert:
            continue
        for row in inserted:
            for kind, attribute in item.keys:
                if row.get(attribute) is None:
                    rebuild_report_summaries(session.connection())
                    return
                touched[kind].add(row[attribute])
    refresh(session.connection(), touched)
