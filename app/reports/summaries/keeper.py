"""Keeping the statistics' precomputed tables (`models.py`) in step, in the same transaction
as every write that changes what they summarise, through `app.summaries`.

The ids named by the written rows of the watched models (a transition names its case, a
decision its case, a participant its cases and referrals) are collected, and the rows of those
cases and referrals are recomputed from the live definitions in `rows.py`: deleted, then
inserted again with INSERT ... SELECT. Rows written past the session (the benchmark generator
writes on the connection) are caught up with `rebuild_report_summaries()`.

A figure that comes to read another column must have that column watched below, or its
summary would miss the column's changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa

from app.reports.summaries import rows
from app.reports.summaries.models import ReportCase, ReportDecision, ReportReferral, ReportStay
from app.summaries import Keeper, Touched, chunks, insert_rows, lock


def _watch_sources(keeper: Keeper) -> None:
    """The tables and columns `rows.py` reads.

    The kind of an id says what it recomputes. "case": every row of the case; "decisions":
    the case's decision rows; "participant": the rows of their cases and referrals;
    "participant_cases": the rows of their cases (whether a case is their only one);
    "referral": the referral's row; "referral_case": the rows of the case opened from it.
    """
    from app.assessments.models import Assessment, UnitDecision
    from app.cases.models import Case, Participant, Referral, Transition

    keeper.watch(
        Case,
        [("case", "id")],
        ["participant_id", "municipality_id", "coach_id", "referral_id", "stage"]
        + ["closed_at", "outcome", "status_at_exit"],
    )
    keeper.watch(Case, [("participant_cases", "participant_id")], ["participant_id"])
    keeper.watch(Transition, [("case", "case_id")], ["case_id", "at", "to_stage"])
    keeper.watch(
        Participant,
        [("participant", "id")],
        ["gender", "birth_year", "education", "status_at_entry", "foreign_background"]
        + ["has_disability", "is_reserve_number"],
        on_insert=False,  # a new participant has no case or referral yet
    )
    keeper.watch(
        Referral,
        [("referral", "id")],
        ["municipality_id", "participant_id", "source", "referred_on", "status"],
    )
    keeper.watch(Referral, [("referral_case", "id")], ["source"], on_insert=False)
    keeper.watch(
        UnitDecision,
        [("decisions", "case_id")],
        ["case_id", "unit_id", "assessment_id", "outcome", "status", "decided_at"]
        + ["verified_at", "supersedes_id"],
    )
    # The order of a case's assessments decides which attempt came first; a new assessment
    # has no decision yet.
    keeper.watch(
        Assessment, [("decisions", "case_id")], ["case_id", "scheduled_on"], on_insert=False
    )
    _watch_figures(keeper)


def _watch_figures(keeper: Keeper) -> None:
    """What the dashboard reads besides these tables: a change of it recomputes nothing, but
    gives the keeper a new generation, so no dashboard cached before it is shown again.

    Certificates (the certificates table), placements and their follow-ups (six-month
    follow-ups), frameworks and units (their names, levels and credits), and mappings and
    assessments (the framework filter). The participant's gender and birth year are watched
    above."""
    from app.assessments.models import Assessment
    from app.certificates.models import Certificate
    from app.employers.models import Placement, PlacementFollowUp
    from app.frameworks.models import Framework, Unit
    from app.mapping.models import Mapping

    figures = [("figures", "id")]
    certificate = ["municipality_id", "case_id", "participant_id", "issued_at", "revoked_at"]
    certificate += ["framework_code", "framework_name", "holder_gender", "birth_date"]
    keeper.watch(Certificate, figures, certificate)
    keeper.watch(Placement, figures, ["case_id"])
    follow_up = ["placement_id", "point", "due_on", "done_at", "still_in_place"]
    keeper.watch(PlacementFollowUp, figures, follow_up)
    keeper.watch(Framework, figures, ["code", "name"])
    keeper.watch(Unit, figures, ["framework_id", "code", "title", "level", "credits"])
    keeper.watch(Mapping, figures, ["case_id", "framework_id"])
    keeper.watch(Assessment, figures, ["case_id", "framework_id"])


# --- recomputing ----------------------------------------------------------------------


def _replace(connection, model, key: str, rows_of: Callable, ids: set[int]) -> None:
    table = model.__table__
    for chunk in chunks(ids):
        connection.execute(table.delete().where(table.c[key].in_(chunk)))
        insert_rows(connection, table, rows_of(chunk))


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
        insert_rows(connection, model.__table__, rows_of())


def _resolved(connection, touched: dict[str, set[int]]) -> tuple[set, set, set]:
    """(cases, cases whose decisions alone, referrals) whose rows the touched ids change."""
    from app.cases.models import Case, Referral

    cases, referrals = set(touched.get("case", ())), set(touched.get("referral", ()))
    queries = (
        [
            sa.select(Case.id).where(Case.participant_id.in_(chunk))
            for chunk in chunks(touched.get("participant", ()))
        ]
        + [
            sa.select(Case.id).where(Case.participant_id.in_(chunk))
            for chunk in chunks(touched.get("participant_cases", ()))
        ]
        + [
            sa.select(Case.id).where(Case.referral_id.in_(chunk))
            for chunk in chunks(touched.get("referral_case", ()))
        ]
    )
    if queries:
        cases.update(connection.execute(sa.union(*queries)).scalars())
    for chunk in chunks(touched.get("participant", ())):
        query = sa.select(Referral.id).where(Referral.participant_id.in_(chunk))
        referrals.update(connection.execute(query).scalars())
    decisions = set(touched.get("decisions", ())) - cases
    return cases, decisions, referrals


def refresh(connection, touched: dict[str, set[int]]) -> None:
    """Recompute the rows that the touched ids can change."""
    from app.cases.models import Case, Participant, Referral

    # Participants first: whose cases they are is read only once they are held.
    people = set(touched.get("participant", ())) | set(touched.get("participant_cases", ()))
    lock(connection, Participant, people)
    cases, decisions, referrals = _resolved(connection, touched)
    lock(connection, Case, cases | decisions)
    lock(connection, Referral, referrals)
    if cases:
        refresh_cases(connection, cases)
    if decisions:
        refresh_decisions(connection, decisions)
    if referrals:
        refresh_referrals(connection, referrals)


def _resolve(connection, touched: Touched) -> Touched:
    """Cases and referrals, read while the rows leading to them still exist (and the
    figures' rows, which only give a new generation)."""
    cases, decisions, referrals = _resolved(connection, touched)
    figures = set(touched.get("figures", ()))
    return {"case": cases, "decisions": decisions, "referral": referrals, "figures": figures}


KEEPER = Keeper(
    "reports",
    sources=_watch_sources,
    refresh=refresh,
    rebuild=rebuild_report_summaries,
    resolve=_resolve,
)
