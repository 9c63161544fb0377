"""`cases.next_follow_up_on`, the earliest follow-up not yet done, kept in step with follow-ups.

Every flush that adds, changes or removes follow-ups recomputes the column for their cases in
the same transaction, whatever wrote them (a coach, an import, anonymisation through the ORM).
Code that writes follow_ups with plain SQL calls `refresh(case_ids)` itself; `refresh()` with
no ids recomputes every case (after a bulk load). The cases area's `init_app` calls `install()`.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, attributes

from app.areas import listen
from app.cases.models import Case, FollowUp

_CHUNK = 500


def _earliest_open():
    return (
        sa.select(sa.func.min(FollowUp.due_on))
        .where(FollowUp.case_id == Case.id, FollowUp.done_at.is_(None))
        .correlate(Case)
        .scalar_subquery()
    )


def refresh(connection: sa.Connection, case_ids: Iterable[int] | None = None) -> None:
    """Recompute the column for these cases (all cases when None)."""
    statement = sa.update(Case.__table__).values(next_follow_up_on=_earliest_open())
    if case_ids is None:
        connection.execute(statement)
        return
    ids = sorted(set(case_ids))
    table = Case.__table__
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        # Lock the cases first (in id order): a coach changing the same case's follow-ups at
        # the same moment then waits, and the UPDATE after the lock starts from a snapshot
        # that sees what that coach committed (PostgreSQL, read committed).
        connection.execute(sa.select(table.c.id).where(table.c.id.in_(chunk)).with_for_update())
        connection.execute(statement.where(table.c.id.in_(chunk)))


def _touched(session: Session) -> set[int]:
    ids = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, FollowUp):
            ids.add(obj.case_id if obj.case_id is not None else getattr(obj.case, "id", None))
            history = attributes.get_history(obj, "case_id")
            ids.update(history.deleted or ())
    ids.discard(None)
    return ids


def install() -> None:
    """Follow every flush of every session of the process (once: session events are the
    `Session` class's, not an application's)."""
    listen("after_flush", _after_flush)


def _after_flush(session: Session, _context) -> None:
    ids = _touched(session)
    if not ids:
        return
    connection = session.connection()
    refresh(connection, ids)
    # Cases already loaded in this session see the new value without another query per case.
    loaded = {
        key[1][0]: obj
        for key, obj in session.identity_map.items()
        if key[0] is Case and key[1][0] in ids
    }
    if loaded:
        rows = connection.execute(
            sa.select(Case.__table__.c.id, Case.__table__.c.next_follow_up_on).where(
                Case.__table__.c.id.in_(list(loaded))
            )
        )
        for case_id, value in rows:
            attributes.set_committed_value(loaded[case_id], "next_follow_up_on", value)
