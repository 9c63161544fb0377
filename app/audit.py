"""The append-only audit log: who did or read what, when, and from where.

The factory calls `install()`, the session guard that keeps the log append-only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.areas import listen
from app.db import insert_many, utcnow
from app.extensions import db


class AuditEvent(db.Model):
    """One line of the access and change log (loggbok). Never updated, never deleted."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    # Not a foreign key: the line must outlive the participant's anonymisation.
    participant_id: Mapped[int | None] = mapped_column(index=True)
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    # The API client that read or changed it (then `actor` is "api:<its client id>"). Not a
    # foreign key, as `participant_id`: the line outlives whatever it names.
    api_client_id: Mapped[int | None] = mapped_column(index=True)
    details: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    user = db.relationship("User", lazy="joined")


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove a line of the audit log."""


def _unproxied(obj: Any) -> Any:
    """The object behind a proxy such as `current_user`."""
    unwrap = getattr(obj, "_get_current_object", None)
    return unwrap() if unwrap else obj


def _object_ref(obj: Any) -> tuple[str | None, int | None]:
    if obj is None:
        return None, None
    obj = _unproxied(obj)
    return type(obj).__tablename__, getattr(obj, "id", None)


def _line(action: str, obj: Any, user: Any, details: dict[str, Any] | None) -> dict[str, Any]:
    """The columns of a log line, less the participant. In a request of an API client
    (`g.api_client`, set by `app.api.protocol`) with no user named, the line names the client."""
    client = g.get("api_client") if has_request_context() else None
    if user is None and client is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    user = _unproxied(user)
    by_client = client is not None and user is None
    object_type, object_id = _object_ref(obj)
    return {
        "user_id": getattr(user, "id", None),
        "actor": f"api:{client.client_id}"
        if by_client
        else getattr(user, "email", None) or "anonymous",
        "api_client_id": client.id if by_client else None,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "ip": request.remote_addr if has_request_context() else None,
        "details": details,
    }


def record(
    action: str,
    obj: Any = None,
    *,
    participant_id: int | None = None,
    details: dict[str, Any] | None = None,
    user: Any = None,
) -> AuditEvent:
    """Add a line to the log in the current transaction (the caller commits)."""
    line = AuditEvent(**_line(action, obj, user, details), participant_id=participant_id)
    db.session.add(line)
    return line


def record_many(
    action: str,
    obj: Any,
    participant_ids: Iterable[int],
    *,
    details: dict[str, Any] | None = None,
    user: Any = None,
) -> None:
    """One line per participant shown on a list page, written in a single INSERT.

    `record` adds one object per line, which the ORM writes one statement at a time; a page that
    lists people must not cost one statement per person.
    """
    write_lines(read_lines(action, obj, dict.fromkeys(participant_ids), details=details, user=user))


@dataclass
class Read:
    """A read to log: one line per participant, alike in all else (`line`)."""

    line: dict[str, Any]
    participant_ids: list[int | None]


def read_lines(
    action: str,
    obj: Any,
    participant_ids: Iterable[int | None],
    *,
    details: dict[str, Any] | None = None,
    user: Any = None,
) -> list[Read]:
    """The lines of one read, one per participant, not written yet (`write_lines` writes them)."""
    return [Read({**_line(action, obj, user, details), "at": utcnow()}, list(participant_ids))]


def write_lines(reads: list[Read]) -> None:
    """Write the lines of these reads in the current transaction (the caller commits), one
    INSERT for each read however many participants it names: its participants are the rows
    of an array (`unnest`; SQLite: `json_each`) that the other columns are selected beside.
    A driver's executemany would send a home page's two hundred lines one by one, and a
    statement with a row of values per line costs as much to build."""
    connection = db.session.connection()
    for read in reads:
        if not read.participant_ids:
            continue
        if len(read.participant_ids) == 1:
            row = {**read.line, "participant_id": read.participant_ids[0]}
            connection.execute(AuditEvent.__table__.insert(), row)
            continue
        participants = _rows_of(read.participant_ids, connection.dialect.name)
        table = AuditEvent.__table__
        values = [
            sa.bindparam(f"line_{name}", value, type_=table.c[name].type)
            for name, value in read.line.items()
        ]
        select = sa.select(*values, participants.c.value)
        connection.execute(table.insert().from_select([*read.line, "participant_id"], select))


def _rows_of(ids: list[int | None], dialect: str):
    """The ids as a table of one column, `value`."""
    if dialect == "postgresql":
        array = sa.bindparam("participant_ids", ids, type_=ARRAY(sa.Integer))
        return sa.func.unnest(array).table_valued("value").render_derived(name="participants")
    return sa.func.json_each(json.dumps(ids)).table_valued("value")


def install() -> None:
    """Guard every session of the process (once: session events are the `Session` class's,
    not an application's)."""
    listen("before_flush", _refuse_changes_to_the_log)
    listen("do_orm_execute", _refuse_bulk_changes_to_the_log)


def _refuse_changes_to_the_log(session, flush_context, instances):
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("the audit log cannot be changed")


def _refuse_bulk_changes_to_the_log(state):
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ is AuditEvent:
        raise AuditLogIsAppendOnly("the audit log cannot be changed")


def record_each(
    action: str,
    object_type: str,
    items: Iterable[tuple[int, int | None]],
    *,
    details: dict[str, Any] | None = None,
    user: Any = None,
) -> None:
    """One line per (object id, participant id) of the table `object_type`, all written in a
    single INSERT: what a bulk change (an import of thousands of referrals) records, one line
    per object as `record` would, without one statement per line."""
    base = {**_line(action, None, user, details), "at": utcnow(), "object_type": object_type}
    lines = [{**base, "object_id": oid, "participant_id": pid} for oid, pid in items]
    insert_many(db.session.connection(), AuditEvent.__table__, lines)
