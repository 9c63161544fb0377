"""Operations of the cases area: they change state, flush and log; the route commits."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.db import utcnow
from app.extensions import db
from app.refusals import Refused


def expect_version(obj, version) -> None:
    """Refuse ("edit_conflict") a change made to an older version of `obj` than the one now
    stored (optimistic locking)."""
    try:
        submitted = int(version)
    except (TypeError, ValueError) as exc:
        raise Refused("edit_conflict") from exc
    if submitted != obj.version:
        raise Refused("edit_conflict")


def flush_first(code, **refused) -> None:
    """Flush now; when someone else saved the same row first (its version moved on, or a row
    with the same unique key exists), refuse with `code` (and `refused`'s field and params).

    The caller's transaction is then rolled back by the view (`app.web.save`).
    """
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError) as exc:
        raise Refused(code, **refused) from exc


def decide(item, waiting, status, actor, reason: str | None, *, already) -> None:
    """Record the decision on a referral or transfer that is `waiting`: `status`, by whom, when
    and why. Refused with `already` when it no longer waits or someone else decided it first."""
    if item.status is not waiting:
        raise Refused(already)
    item.status = status
    item.decided_by = actor
    item.decided_at = utcnow()
    item.decision_reason = (reason or "").strip() or None
    flush_first(already)
