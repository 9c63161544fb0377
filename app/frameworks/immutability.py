"""A published framework version can never change: the database session refuses it.

The services already refuse such edits with a friendly message; this guard is the last line,
so that no other code path (another area, a shell, a bug) can alter what cases and
certificates were assessed against. The one change a published version allows is retiring it.
The frameworks area's `init_app` calls `install()`.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.areas import listen


class PublishedFrameworkIsImmutable(RuntimeError):
    """Raised when code tries to change a published or retired framework version."""


def _committed_status(framework):
    """The status the framework had before the changes now being flushed."""
    history = sa.inspect(framework).attrs.status.history
    return history.deleted[0] if history.deleted else framework.status


def _owning_framework(session, obj):
    from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit

    with session.no_autoflush:
        if isinstance(obj, AssessmentCriterion):
            obj = obj.outcome or session.get(LearningOutcome, obj.outcome_id)
        if isinstance(obj, LearningOutcome):
            obj = obj.unit or session.get(Unit, obj.unit_id)
        if isinstance(obj, Unit):
            obj = obj.framework or session.get(Framework, obj.framework_id)
    return obj


def _retiring_only(framework) -> bool:
    from app.frameworks.models import FrameworkStatus

    state = sa.inspect(framework)
    changed = {a.key for a in state.attrs if a.history.has_changes()}
    return framework.status == FrameworkStatus.RETIRED and changed <= {"status", "updated_at"}


def _check(session, obj, *, deleted: bool) -> None:
    from app.frameworks.models import Framework, FrameworkStatus

    framework = _owning_framework(session, obj)
    if framework is None or sa.inspect(framework).transient or sa.inspect(framework).pending:
        return  # not yet in the database: nothing has been published
    committed = _committed_status(framework)
    if committed == FrameworkStatus.DRAFT:
        return
    if isinstance(obj, Framework) and not deleted:
        if committed == FrameworkStatus.PUBLISHED and _retiring_only(obj):
            return
        if not session.is_modified(obj, include_collections=False):
            return
    raise PublishedFrameworkIsImmutable(
        f"framework {framework.code} v{framework.version} is {committed.value}"
    )


def install() -> None:
    """Guard every session of the process (once: session events are the `Session` class's,
    not an application's)."""
    listen("before_flush", _refuse_changes_to_published)
    listen("do_orm_execute", _refuse_bulk_changes)


def _refuse_changes_to_published(session, flush_context, instances):
    from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit

    kinds = (Framework, Unit, LearningOutcome, AssessmentCriterion)
    for obj in session.new:
        if isinstance(obj, kinds) and not isinstance(obj, Framework):
            _check(session, obj, deleted=False)
    for obj in session.dirty:
        if isinstance(obj, kinds) and session.is_modified(obj, include_collections=False):
            _check(session, obj, deleted=False)
    for obj in session.deleted:
        if isinstance(obj, kinds):
            _check(session, obj, deleted=True)


def _refuse_bulk_changes(state):
    from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit

    mapper = state.bind_mapper
    kinds = (Framework, Unit, LearningOutcome, AssessmentCriterion)
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ in kinds:
        # A bulk statement would bypass the per-object check above.
        raise PublishedFrameworkIsImmutable("frameworks change only one object at a time")
