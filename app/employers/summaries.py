"""Keeping matching's precomputed tables (`models/summaries.py`) in step, in the same
transaction as every write that changes what they summarise.

After each flush, the ids named by the flushed rows of the watched models (a decision names
its case, an assessment unit its assessment, a consent its participant, ...) are turned into
participant and need ids, and those participants' and needs' rows are recomputed from the
live definitions (`participant_rows`, `need_rows`). Bulk statements sent through the session,
which skip the flush (anonymisation's UPDATE and DELETE do), are followed too: the rows an
UPDATE or DELETE touches are read before and after it, an INSERT's keys come from its
parameters. Rows written past the session (the benchmark generator writes on the connection)
are caught up with `rebuild_matching_summaries()`.

A new source of evidence (`evidence.evidence_source`) reads tables of its own: they are watched
with `watch(...)`, or the summary would miss their changes.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.employers.models.summaries import OpenNeedUnit, ParticipantUnit

PENDING = "employers.summaries.pending"
CHUNK = 500  # ids per statement: far below every database's limit on parameters


@dataclass(frozen=True)
class Watch:
    """A model whose rows change the summaries.

    `keys`: (kind, attribute) pairs naming the ids it touches, kinds being "participant",
    "case", "certificate", "assessment", "mapping", "unit" (its learning outcomes) and "need";
    `changes`: the attributes whose update matters (new and deleted rows always do);
    `parents`: (relationship, kind, attribute) read from a parent already in memory, for a
    child deleted together with its parent.
    """

    model: type
    keys: tuple[tuple[str, str], ...]
    changes: tuple[str, ...]
    parents: tuple[tuple[str, str, str], ...] = ()


_sources_watched: list[bool] = []  # the models below are imported on first use
_first_use = threading.Lock()
_by_class: dict[type, Watch] = {}
_by_table: dict[str, Watch] = {}


def watch(model, keys, changes, parents=()) -> None:
    """Recompute the summaries when rows of `model` change (see `Watch`)."""
    item = Watch(model, tuple(keys), tuple(changes), tuple(parents))
    _by_class[model] = item
    _by_table[model.__table__.name] = item


def _watch_sources() -> None:
    """The tables read by `best_evidence`, `candidate_condition` and `need_rows`."""
    from app.assessments.models import Assessment, AssessmentUnit, UnitDecision
    from app.cases.models import Case, ConsentEvent, Participant
    from app.certificates.models import Certificate, CertificateUnit
    from app.employers.models import CandidateProfile, CompetenceNeed, NeedUnit
    from app.frameworks.models import LearningOutcome
    from app.mapping.models import Mapping, OutcomeEntry

    p, c = "participant", "case"
    watch(Participant, [(p, "id")], ["is_protected", "municipality_id"])
    watch(ConsentEvent, [(p, "participant_id")], ["participant_id", "kind", "is_given"])
    profile_changes = ["participant_id", "protected_identity_consent"]
    watch(CandidateProfile, [(p, "participant_id")], profile_changes)
    watch(Case, [(p, "participant_id")], ["participant_id", "stage"])
    watch(Certificate, [(p, "participant_id")], ["participant_id", "revoked_at"])
    watch(
        CertificateUnit,
        [("certificate", "certificate_id")],
        ["certificate_id", "unit_id"],
        [("certificate", p, "participant_id")],
    )
    watch(
        UnitDecision,
        [(c, "case_id")],
        ["case_id", "unit_id", "outcome", "status", "supersedes_id"],
    )
    watch(Assessment, [(c, "case_id")], ["case_id", "status"])
    watch(
        AssessmentUnit,
        [("assessment", "assessment_id")],
        ["assessment_id", "unit_id"],
        [("assessment", c, "case_id")],
    )
    watch(Mapping, [(c, "case_id")], ["case_id"])
    watch(
        OutcomeEntry,
        [("mapping", "mapping_id")],
        ["mapping_id", "outcome_id", "judgement"],
        [("mapping", c, "case_id")],
    )
    watch(LearningOutcome, [("unit", "unit_id")], ["unit_id"])
    watch(CompetenceNeed, [("need", "id")], ["status", "min_level", "municipality_id"])
    watch(NeedUnit, [("need", "need_id")], ["need_id", "unit_id", "is_required"])


def _watches() -> dict[type, Watch]:
    if not _sources_watched:
        with _first_use:
            if not _sources_watched:
                _watch_sources()
                _sources_watched.append(True)
    return _by_class


# --- the live definitions -------------------------------------------------------------


def participant_rows(participants=None) -> sa.Select:
    """`participant_units` as the live queries define it (all participants, or those given)."""
    from app.cases.models import Participant
    from app.employers.evidence import best_evidence
    from app.employers.queries import candidate_condition

    ev = best_evidence(participants=participants)
    return sa.select(
        ev.c.participant_id,
        ev.c.unit_id,
        ev.c.strength,
        sa.case((candidate_condition(), sa.true()), else_=sa.false()).label("is_candidate"),
        Participant.municipality_id,
    ).join(Participant, Participant.id == ev.c.participant_id)


def need_rows(needs=None) -> sa.Select:
    """`open_need_units` as the needs define it (all open needs, or those given)."""
    from app.employers.models import CompetenceNeed, NeedUnit
    from app.employers.queries import level_rank
    from app.employers.vocab import NeedStatus

    required = sa.orm.aliased(NeedUnit)
    required_total = (
        sa.select(sa.func.count())
        .where(required.need_id == NeedUnit.need_id, required.is_required.is_(True))
        .scalar_subquery()
    )
    min_level = CompetenceNeed.min_level
    query = (
        sa.select(
            NeedUnit.need_id,
            NeedUnit.unit_id,
            NeedUnit.is_required,
            sa.case((min_level.is_(None), None), else_=level_rank(min_level)).label(
                "min_level_rank"
            ),
            required_total.label("required_total"),
            CompetenceNeed.municipality_id,
        )
        .join(CompetenceNeed, CompetenceNeed.id == NeedUnit.need_id)
        .where(CompetenceNeed.status == NeedStatus.OPEN)
    )
    if needs is not None:
        query = query.where(NeedUnit.need_id.in_(needs))
    return query


# --- recomputing ----------------------------------------------------------------------


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


@cache
def _statements(name: str) -> tuple[sa.Select, sa.Delete, sa.Insert]:
    """Lock, delete and recompute the rows of the `ids` of participants or needs, built once
    (building the union of every source costs more than running it for a few ids)."""
    from app.cases.models import Participant
    from app.employers.models import CompetenceNeed

    ids = sa.bindparam("ids", expanding=True)
    if name == "participant":
        table, key, owners = ParticipantUnit.__table__, "participant_id", Participant
        rows = participant_rows(ids)
    else:
        table, key, owners = OpenNeedUnit.__table__, "need_id", CompetenceNeed
        rows = need_rows(ids)
    # NO KEY UPDATE: rows that only refer to the participant (audit lines) never wait on it.
    lock = sa.select(owners.id).where(owners.id.in_(ids)).order_by(owners.id)
    return (
        lock.with_for_update(key_share=True),
        table.delete().where(table.c[key].in_(ids)),
        table.insert().from_select(list(rows.selected_columns.keys()), rows),
    )


def _replace(connection, name: str, ids) -> None:
    lock, delete, insert = _statements(name)
    for chunk in _chunks(ids):
        # Two transactions recomputing the same participant (or need) take turns: the second
        # waits here for the first to commit, and the statements after the lock read from a
        # snapshot that has the first one's writes. Without it each would recompute from a
        # snapshot missing the other's writes, and the last to commit would leave its stale
        # rows (say, a consent withdrawn while a certificate was being issued).
        for statement in (lock, delete, insert):
            connection.execute(statement, {"ids": chunk})


def refresh_participants(connection, participant_ids: Iterable[int]) -> None:
    """Recompute the rows of these participants."""
    _replace(connection, "participant", set(participant_ids))


def refresh_needs(connection, need_ids: Iterable[int]) -> None:
    """Recompute the rows of these needs."""
    _replace(connection, "need", set(need_ids))


def rebuild_matching_summaries(connection=None) -> None:
    """Recompute both tables from scratch (after rows were written past the session)."""
    from app.extensions import db

    connection = connection or db.session.connection()
    for table, rows in (
        (ParticipantUnit.__table__, participant_rows()),
        (OpenNeedUnit.__table__, need_rows()),
    ):
        connection.execute(table.delete())
        connection.execute(table.insert().from_select(list(rows.selected_columns.keys()), rows))


def _participants_of(connection, touched: dict[str, set[int]]) -> set[int]:
    """The participants whose rows the touched ids can change."""
    from app.assessments.models import Assessment
    from app.cases.models import Case
    from app.certificates.models import Certificate
    from app.frameworks.models import LearningOutcome
    from app.mapping.models import Mapping, OutcomeEntry

    found = set(touched.get("participant", ()))
    queries = []
    for chunk in _chunks(touched.get("case", ())):
        queries.append(sa.select(Case.participant_id).where(Case.id.in_(chunk)))
    for chunk in _chunks(touched.get("certificate", ())):
        queries.append(sa.select(Certificate.participant_id).where(Certificate.id.in_(chunk)))
    for chunk in _chunks(touched.get("assessment", ())):
        queries.append(
            sa.select(Case.participant_id)
            .join(Assessment, Assessment.case_id == Case.id)
            .where(Assessment.id.in_(chunk))
        )
    for chunk in _chunks(touched.get("mapping", ())):
        queries.append(
            sa.select(Case.participant_id)
            .join(Mapping, Mapping.case_id == Case.id)
            .where(Mapping.id.in_(chunk))
        )
    for chunk in _chunks(touched.get("unit", ())):
        queries.append(
            sa.select(Case.participant_id)
            .join(Mapping, Mapping.case_id == Case.id)
            .join(OutcomeEntry, OutcomeEntry.mapping_id == Mapping.id)
            .join(LearningOutcome, LearningOutcome.id == OutcomeEntry.outcome_id)
            .where(LearningOutcome.unit_id.in_(chunk))
        )
    if queries:
        found.update(connection.execute(sa.union(*queries)).scalars())
    found.discard(None)
    return found


def refresh(connection, touched: dict[str, set[int]]) -> None:
    """Recompute the rows that the touched ids can change."""
    participants = _participants_of(connection, touched)
    if participants:
        refresh_participants(connection, participants)
    if touched.get("need"):
        refresh_needs(connection, touched["need"])


# --- following the session's writes ---------------------------------------------------


def _values(state, attribute: str) -> set:
    """The attribute's value now and before this flush (no SQL: unloaded gives nothing)."""
    history = state.attrs[attribute].history
    values = (*history.added, *history.unchanged, *history.deleted, state.dict.get(attribute))
    return {v for v in values if v is not None}


def _changed(state, attributes: tuple[str, ...]) -> bool:
    return any(state.attrs[name].history.has_changes() for name in attributes)


def _touched_by(obj, item: Watch, *, updated: bool, into: dict[str, set[int]]) -> None:
    state = sa.inspect(obj)
    if updated and not _changed(state, item.changes):
        return
    for kind, attribute in item.keys:
        into[kind].update(_values(state, attribute))
    for relationship, kind, attribute in item.parents:
        parent = state.dict.get(relationship)
        if parent is not None:
            into[kind].update(_values(sa.inspect(parent), attribute))


@event.listens_for(Session, "after_flush")
def _collect(session, flush_context) -> None:
    """Note what the flush touched, while the session still knows what it was."""
    watches = _watches()
    touched: dict[str, set[int]] = session.info.get(PENDING) or defaultdict(set)
    for objects, updated in ((session.new, False), (session.dirty, True), (session.deleted, False)):
        for obj in objects:
            item = watches.get(type(obj))
            if item is not None:
                _touched_by(obj, item, updated=updated, into=touched)
    if any(touched.values()):
        session.info[PENDING] = touched


@event.listens_for(Session, "after_flush_postexec")
def _recompute(session, flush_context) -> None:
    """Recompute the touched rows in the flush's transaction, before anything reads them."""
    touched = session.info.pop(PENDING, None)
    if touched:
        refresh(session.connection(), touched)


def _keys_where(session, table: sa.Table, item: Watch, where) -> dict[str, set[int]]:
    keys: dict[str, set[int]] = defaultdict(set)
    columns = [table.c[attribute] for _kind, attribute in item.keys]
    query = sa.select(*columns)
    if where is not None:
        query = query.where(where)
    for row in session.connection().execute(query):
        for (kind, _attribute), value in zip(item.keys, row, strict=True):
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
    item = _by_table.get(getattr(table, "name", None))
    if item is None:
        return None
    session = state.session
    if session.autoflush:
        session.flush()  # the rows matched below are those the statement will change
    if state.is_insert:
        result = state.invoke_statement()
        _follow_insert(session, item, state.parameters)
        return result
    table, where = item.model.__table__, state.statement.whereclause
    before = _participants_and_needs(session, table, item, where)
    result = state.invoke_statement()
    if state.is_update:
        after = _participants_and_needs(session, table, item, where)
        before = {kind: before[kind] | after[kind] for kind in before}
    refresh(session.connection(), before)
    return result


def _follow_insert(session, item: Watch, parameters) -> None:
    """Rows inserted from parameters name their keys; any other INSERT (from a SELECT, or
    with its values in the statement) cannot be followed, and everything is recomputed."""
    rows = parameters if isinstance(parameters, list | tuple) else [parameters or {}]
    new_ids = {column.key for column in item.model.__table__.primary_key}  # nothing uses them
    touched: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for kind, attribute in item.keys:
            if row.get(attribute) is not None:
                touched[kind].add(row[attribute])
            elif attribute not in new_ids:
                rebuild_matching_summaries(session.connection())
                return
    refresh(session.connection(), touched)


def _participants_and_needs(session, table, item: Watch, where) -> dict[str, set[int]]:
    """Resolved now: a DELETE may remove the rows that lead from its ids to participants."""
    keys = _keys_where(session, table, item, where)
    return {"participant": _participants_of(session.connection(), keys), "need": keys["need"]}
