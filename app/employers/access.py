"""Who may see what in the employers area: the scope half of its permission rules.

Employer users see their own organisation only. Coaches and administrators see the employers
and needs of their municipality and of the municipalities cooperating with it (the region).
"""

from __future__ import annotations

from typing import Any

from app.cases.access import can_edit_case, can_view_participant
from app.vocab import Role


def _is_staff(user: Any) -> bool:
    return user.has_role(Role.COACH, Role.ADMIN) and user.municipality is not None


def _staff_near(user: Any, municipality: Any) -> bool:
    """Staff whose municipality is `municipality` or cooperates with it."""
    if not _is_staff(user) or municipality is None:
        return False
    return user.municipality.cooperates_with(municipality)


def is_own_employer(user: Any, employer_id: int | None) -> bool:
    """An employer user of this organisation."""
    return (
        user.has_role(Role.EMPLOYER)
        and user.employer_id is not None
        and (user.employer_id == employer_id)
    )


def can_view_employer(user: Any, employer: Any) -> bool:
    """The employer's own users, and staff of its region."""
    if is_own_employer(user, employer.id):
        return True
    return _staff_near(user, employer.municipality) or (
        _is_staff(user) and employer.municipality is None
    )


def staff_sees_employer(user: Any, employer: Any) -> bool:
    """Staff of the employer's region (the contact log is theirs, not the employer's)."""
    return _is_staff(user) and can_view_employer(user, employer)


def can_view_need(user: Any, need: Any) -> bool:
    """The employer's own users; staff near the workplace or the employer."""
    if is_own_employer(user, need.employer_id):
        return True
    return _staff_near(user, need.municipality) or staff_sees_employer(user, need.employer)


def can_request_introduction(user: Any, need: Any) -> bool:
    """The employer's own users, for an open need."""
    return is_own_employer(user, need.employer_id) and need.is_open


def can_view_introduction(user: Any, introduction: Any) -> bool:
    """The requesting employer while the participant is a candidate; staff who may see the
    participant."""
    if is_own_employer(user, introduction.employer_id):
        from app.employers.queries import is_candidate

        return is_candidate(introduction.participant_id)
    return _is_staff(user) and can_view_participant(user, introduction.participant)


def can_decide_introduction(user: Any, introduction: Any) -> bool:
    """Coaches of the participant's municipality, while the introduction is open."""
    return (
        user.has_role(Role.COACH)
        and introduction.is_open
        and can_view_participant(user, introduction.participant)
    )


def can_view_placement(user: Any, placement: Any) -> bool:
    """Staff who may see the participant."""
    return _is_staff(user) and can_view_participant(user, placement.participant)


def can_edit_placement(user: Any, placement: Any) -> bool:
    """Whoever may edit the case: its coach and the municipality's administrators."""
    return can_edit_case(user, placement.case)
