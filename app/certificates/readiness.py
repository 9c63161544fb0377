"""`certificate_ready_cases` (`models.ReadyCase`) kept in step with every write that changes
which units of an open case are ready for a certificate, through `app.summaries`.

A case's row is recomputed from the live definition (`ready_rows`) whenever a decision of the
case, a certificate of the case or a unit on one, or the case's stage changes. Rows written
past the session are caught up with `rebuild_ready_cases()`.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from app.certificates.models import Certificate, CertificateUnit, ReadyCase
from app.summaries import Keeper, Touched, chunks, insert_rows, lock


def ready_rows(case_ids: Iterable[int] | None = None) -> sa.Select:
    """(case_id, units) of the open cases with units ready for a certificate (all such cases,
    or those of `case_ids`): what `issuable_decisions` would offer, counted."""
    from app.assessments.models import UnitDecision
    from app.assessments.queries import not_superseded
    from app.assessments.vocab import DecisionOutcome, DecisionStatus
    from app.cases.models import Case
    from app.cases.workflow import Stage

    certified = (
        sa.select(CertificateUnit.id)
        .join(Certificate, Certificate.id == CertificateUnit.certificate_id)
        .where(
            Certificate.case_id == UnitDecision.case_id,
            Certificate.revoked_at.is_(None),
            CertificateUnit.unit_id == UnitDecision.unit_id,
        )
    )
    query = (
        sa.select(
            UnitDecision.case_id.label("case_id"),
            sa.func.count(sa.distinct(UnitDecision.unit_id)).label("units"),
        )
        .join(Case, Case.id == UnitDecision.case_id)
        .where(
            Case.stage != Stage.CLOSED,
            UnitDecision.status == DecisionStatus.VERIFIED,
            UnitDecision.outcome == DecisionOutcome.ACHIEVED,
            not_superseded(),
            ~sa.exists(certified),
        )
        .group_by(UnitDecision.case_id)
    )
    if case_ids is not None:
        query = query.where(UnitDecision.case_id.in_(case_ids))
    return query


def refresh(connection, touched: Touched) -> None:
    """Recompute the rows of the touched cases (and of the touched certificates' cases)."""
    from app.cases.models import Case

    cases = set(touched.get("case", ())) | _cases_of_certificates(connection, touched)
    cases.discard(None)
    lock(connection, Case, cases)
    table = ReadyCase.__table__
    for chunk in chunks(cases):
        connection.execute(table.delete().where(table.c.case_id.in_(chunk)))
        insert_rows(connection, table, ready_rows(chunk))


def _cases_of_certificates(connection, touched: Touched) -> set[int]:
    found: set[int] = set()
    for chunk in chunks(touched.get("certificate", ())):
        query = sa.select(Certificate.case_id).where(Certificate.id.in_(chunk))
        found.update(connection.execute(query).scalars())
    return found


def _resolve(connection, touched: Touched) -> Touched:
    """Cases, read while the certificates leading to them still exist."""
    return {"case": set(touched.get("case", ())) | _cases_of_certificates(connection, touched)}


def rebuild_ready_cases(connection=None) -> None:
    """Recompute the table from scratch (after rows were written past the session)."""
    from app.extensions import db

    connection = connection or db.session.connection()
    connection.execute(ReadyCase.__table__.delete())
    insert_rows(connection, ReadyCase.__table__, ready_rows())


def _watch_sources(keeper: Keeper) -> None:
    """The tables and columns `ready_rows` reads."""
    from app.assessments.models import UnitDecision
    from app.cases.models import Case

    c = "case"
    decision_changes = ["case_id", "unit_id", "outcome", "status", "supersedes_id"]
    keeper.watch(UnitDecision, [(c, "case_id")], decision_changes)
    keeper.watch(Certificate, [(c, "case_id")], ["case_id", "revoked_at"])
    keeper.watch(
        CertificateUnit,
        [("certificate", "certificate_id")],
        ["certificate_id", "unit_id"],
        [("certificate", c, "case_id")],
    )
    # A new case has no decisions yet; closing or reopening one takes it off or puts it back.
    keeper.watch(Case, [(c, "id")], ["stage"], on_insert=False)


KEEPER = Keeper(
    "certificate_readiness",
    sources=_watch_sources,
    refresh=refresh,
    rebuild=rebuild_ready_cases,
    resolve=_resolve,
)
