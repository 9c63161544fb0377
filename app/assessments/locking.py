"""A verified decision can never change, and no decision is ever deleted.

The services already refuse such changes with a message for people; this session guard is the
last line (like the audit log's), so that no other code path can rewrite what was verified and
may stand on a certificate. A correction is a new decision that supersedes the old one.
The assessments area's `init_app` calls `install()`.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.areas import listen


class VerifiedDecisionIsLocked(RuntimeError):
    """Raised when code tries to change a verified decision or delete any decision."""


def _committed_status(decision):
    """The status stored before the changes now being flushed."""
    history = sa.inspect(decision).attrs.status.history
    return history.deleted[0] if history.deleted else decision.status


def _changed_columns(decision) -> set[str]:
    state = sa.inspect(decision)
    return {
        attr.key
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    }


def install() -> None:
    """Guard every session of the process (once: session events are the `Session` class's,
    not an application's)."""
    listen("before_flush", _refuse_changes_to_verified)
    listen("do_orm_execute", _refuse_bulk_changes)


def _refuse_changes_to_verified(session, flush_context, instances):
    from app.assessments.models import UnitDecision
    from app.assessments.vocab import DecisionStatus

    for obj in session.deleted:
        if isinstance(obj, UnitDecision):
            raise VerifiedDecisionIsLocked(f"decision {obj.id} cannot be deleted")
    for obj in session.dirty:
        if not isinstance(obj, UnitDecision):
            continue
        if _committed_status(obj) == DecisionStatus.VERIFIED and _changed_columns(obj):
            raise VerifiedDecisionIsLocked(f"decision {obj.id} is verified")


def _refuse_bulk_changes(state):
    from app.assessments.models import UnitDecision

    mapper = state.bind_mapper
    if (
        (state.is_update or state.is_delete)
        and mapper is not None
        and mapper.class_ is UnitDecision
    ):
        raise VerifiedDecisionIsLocked("decisions change one at a time, through the services")
