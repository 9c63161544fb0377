"""Who may see and change cases and participants: the scope half of the permission rules.

In one place so that other areas (assessments, employers, reports) ask the same questions.
"""

from __future__ import annotations

from typing import Any

from app.cases.facts import is_extra_viewer
from app.vocab import Role


def _staff_of(user: Any, obj: Any) -> bool:
    """True when the user works in the municipality that holds `obj`."""
    return user.municipality_id is not None and user.municipality_id == obj.municipality_id


def is_assigned_coach(user: Any, participant: Any) -> bool:
    """True when the user coaches one of the participant's cases in their municipality."""
    if not (user.has_role(Role.COACH) and _staff_of(user, participant)):
        return False
    return any(case.coach_id == user.id for case in participant.cases if _staff_of(user, case))


def can_view_case(user: Any, case: Any) -> bool:
    """Coaches and admins of the municipality; others only when an area grants it."""
    if user.has_role(Role.COACH, Role.ADMIN) and _staff_of(user, case):
        return True
    return is_extra_viewer(user, case)


def can_edit_case(user: Any, case: Any) -> bool:
    """The assigned coach and the municipality's admins."""
    if not _staff_of(user, case):
        return False
    return user.has_role(Role.ADMIN) or (user.has_role(Role.COACH) and case.coach_id == user.id)


def can_read_journal(user: Any, case: Any) -> bool:
    """The municipality's coaches only: never assessors, employers or other municipalities."""
    return user.has_role(Role.COACH) and _staff_of(user, case)


def can_write_journal(user: Any, case: Any) -> bool:
    """The assigned coach."""
    return user.has_role(Role.COACH) and _staff_of(user, case) and case.coach_id == user.id


def can_view_participant(user: Any, participant: Any) -> bool:
    """Staff of the participant's municipality, or whoever may view one of their cases."""
    if user.has_role(Role.COACH, Role.ADMIN) and _staff_of(user, participant):
        return True
    return any(can_view_case(user, case) for case in participant.cases)


def can_edit_participant(user: Any, participant: Any) -> bool:
    """Admins; the assigned coach; any coach of the municipality before a case is assigned.

    Under protected identity only the assigned coach, since the form shows name and address.
    Nobody, once anonymised: what was removed may not be typed back in.
    """
    if participant.is_anonymised or not _staff_of(user, participant):
        return False
    if participant.is_protected:
        return is_assigned_coach(user, participant)
    if user.has_role(Role.ADMIN):
        return True
    coached = [case for case in participant.cases if _staff_of(user, case) and case.coach_id]
    return user.has_role(Role.COACH) and (
        not coached or any(case.coach_id == user.id for case in coached)
    )


def shows_identity(user: Any, participant: Any) -> bool:
    """Name, address and contact: hidden under protected identity from all but the coach."""
    return not participant.is_protected or is_assigned_coach(user, participant)


def in_municipality(user: Any, obj: Any) -> bool:
    """Scope of referrals: the municipality's own staff."""
    return _staff_of(user, obj)


def is_receiving_staff(user: Any, transfer: Any) -> bool:
    """Scope of a transfer's decision: the receiving municipality."""
    return user.municipality_id is not None and user.municipality_id == transfer.to_municipality_id


def can_summon(user: Any, case: Any) -> bool:
    """The assigned coach, while the participant is not anonymised."""
    return can_write_journal(user, case) and not case.participant.is_anonymised
