"""Keeping matching's precomputed tables (`models/summaries.py`) in step, in the same
transaction as every write that changes what they summarise, through `app.summaries`.

The ids named by the written rows of the watched models (a decision names its case, an
assessment unit its assessment, a consent its participant, ...) are turned into participant
and need ids, and those participants' and needs' rows are recomputed from the live definitions
(`participant_rows`, `need_rows`). Rows written past the session (the benchmark generator
writes on the connection) are caught up with `rebuild_matching_summaries()`.

A new source of evidence (`evidence.SOURCES`) reads tables of its own: they are watched in
`_watch_sources`, or the summary would miss their changes. The employers area's `init_app`
installs the keeper (`KEEPER.install()`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import sqlalchemy as sa

from app.employers.models.summaries import OpenNeedUnit, ParticipantUnit
from app.summaries import Keeper, Touched, chunks, insert_rows


def _watch_sources(keeper: Keeper) -> None:
    """The tables read by `best_evidence`, `candidate_condition` and `need_rows`."""
    from app.assessments.models import Assessment, AssessmentUnit, UnitDecision
    from app.cases.models import Case, ConsentEvent, Participant
    from app.certificates.models import Certificate, CertificateUnit
    from app.employers.models import CandidateProfile, CompetenceNeed, NeedUnit
    from app.frameworks.models import LearningOutcome
    from app.mapping.models import Mapping, OutcomeEntry

    p, c = "participant", "case"
    # A new participant or need has no rows yet: its units come with rows of their own.
    keeper.watch(Participant, [(p, "id")], ["is_protected", "municipality_id"], on_insert=False)
    keeper.watch(ConsentEvent, [(p, "participant_id")], ["participant_id", "kind", "is_given"])
    profile_changes = ["participant_id", "protected_identity_consent"]
    keeper.watch(CandidateProfile, [(p, "participant_id")], profile_changes)
    keeper.watch(Case, [(p, "participant_id")], ["participant_id", "stage"])
    keeper.watch(Certificate, [(p, "participant_id")], ["participant_id", "revoked_at"])
    keeper.watch(
        CertificateUnit,
        [("certificate", "certificate_id")],
        ["certificate_id", "unit_id"],
        [("certificate", p, "participant_id")],
    )
    keeper.watch(
        UnitDecision,
        [(c, "case_id")],
        ["case_id", "unit_id", "outcome", "status", "supersedes_id"],
    )
    keeper.watch(Assessment, [(c, "case_id")], ["case_id", "status"])
    keeper.watch(
        AssessmentUnit,
        [("assessment", "assessment_id")],
        ["assessment_id", "unit_id"],
        [("assessment", c, "case_id")],
    )
    keeper.watch(Mapping, [(c, "case_id")], ["case_id"])
    keeper.watch(
        OutcomeEntry,
        [("mapping", "mapping_id")],
        ["mapping_id", "outcome_id", "judgement"],
        [("mapping", c, "case_id")],
    )
    keeper.watch(LearningOutcome, [("unit", "unit_id")], ["unit_id"])
    need_changes = ["status", "min_level", "municipality_id"]
    keeper.watch(CompetenceNeed, [("need", "id")], need_changes, on_insert=False)
    keeper.watch(NeedUnit, [("need", "need_id")], ["need_id", "unit_id", "is_required"])


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
    for chunk in chunks(ids):
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
        insert_rows(connection, table, rows)


def _participants_of(connection, touched: dict[str, set[int]]) -> set[int]:
    """The participants whose rows the touched ids can change."""
    from app.assessments.models import Assessment
    from app.cases.models import Case
    from app.certificates.models import Certificate
    from app.frameworks.models import LearningOutcome
    from app.mapping.models import Mapping, OutcomeEntry

    found = set(touched.get("participant", ()))
    queries = []
    for chunk in chunks(touched.get("case", ())):
        queries.append(sa.select(Case.participant_id).where(Case.id.in_(chunk)))
    for chunk in chunks(touched.get("certificate", ())):
        queries.append(sa.select(Certificate.participant_id).where(Certificate.id.in_(chunk)))
    for chunk in chunks(touched.get("assessment", ())):
        queries.append(
            sa.select(Case.participant_id)
            .join(Assessment, Assessment.case_id == Case.id)
            .where(Assessment.id.in_(chunk))
        )
    for chunk in chunks(touched.get("mapping", ())):
        queries.append(
            sa.select(Case.participant_id)
            .join(Mapping, Mapping.case_id == Case.id)
            .where(Mapping.id.in_(chunk))
        )
    for chunk in chunks(touched.get("unit", ())):
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


def _resolve(connection, touched: Touched) -> Touched:
    """Participants and needs, read while the rows leading to them still exist."""
    return {
        "participant": _participants_of(connection, touched),
        "need": touched.get("need", set()),
    }


KEEPER = Keeper(
    "matching",
    sources=_watch_sources,
    refresh=refresh,
    rebuild=rebuild_matching_summaries,
    resolve=_resolve,
)
