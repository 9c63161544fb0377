"""Operations of the cases area: they change state, flush and log; the route commits."""

from __future__ import annotations


class EditConflict(Exception):
    """Someone else saved the object after the form was loaded (optimistic locking)."""


def expect_version(obj, version) -> None:
    """Refuse a change made to an older version of `obj` than the one now stored."""
    try:
        submitted = int(version)
    except (TypeError, ValueError) as exc:
        raise EditConflict from exc
    if submitted != obj.version:
        raise EditConflict
