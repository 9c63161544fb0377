"""Who may see and change a case's mapping and evidence."""

from __future__ import annotations

from typing import Any

from app.cases.access import can_view_case
from app.vocab import Role


def case_of(obj: Any) -> Any:
    """The case behind a case, a mapping or a piece of evidence."""
    from app.mapping.models import Evidence, Mapping

    if isinstance(obj, Evidence):
        obj = obj.mapping
    return obj.case if isinstance(obj, Mapping) else obj


def can_view(user: Any, obj: Any) -> bool:
    """Whoever may view the case: its municipality's coaches and admins, and whom an area
    grants a view (the assessor assigned to it). Never employers or other municipalities."""
    if user.has_role(Role.EMPLOYER):
        return False
    return can_view_case(user, case_of(obj))


def can_edit(user: Any, obj: Any) -> bool:
    """The case's assigned coach, while the case is open."""
    case = case_of(obj)
    return (
        user.has_role(Role.COACH)
        and user.municipality_id == case.municipality_id
        and case.coach_id == user.id
        and case.is_open
    )
