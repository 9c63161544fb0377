"""Who may do what on the participant's own pages: the scope half of the portal's rules."""

from __future__ import annotations

from typing import Any

from app.cases.access import is_assigned_coach
from app.cases.models import Participant
from app.certificates.models import Certificate
from app.mapping.access import case_of
from app.mapping.models import Evidence
from app.vocab import Role


def _case_of(obj: Any) -> Any:
    """The case behind a case, a journal entry, a mapping or a piece of evidence."""
    if hasattr(obj, "is_shared"):  # a journal entry
        return getattr(obj, "case", None)
    return case_of(obj)


def owns(user: Any, obj: Any) -> bool:
    """A participant's own case, a journal entry of their own case that the coach shared, the
    mapping of their own case, evidence of it that they sent themselves, the participant
    themselves, or a certificate issued to them: anything else answers 404, as if it did not
    exist."""
    if not user.has_role(Role.PARTICIPANT) or user.participant_id is None:
        return False
    if isinstance(obj, Participant):  # themselves: their consents and their data
        return obj.id == user.participant_id and not obj.is_anonymised
    if isinstance(obj, Certificate):  # a certificate issued to them, valid or revoked
        return obj.participant_id == user.participant_id
    case = _case_of(obj)
    if case is None or case.participant_id != user.participant_id:
        return False
    if isinstance(obj, Evidence):
        return obj.created_by_id == user.id
    return getattr(obj, "is_shared", True)


def may_give_access(user: Any, participant: Any) -> bool:
    """The participant's assigned coach gives and ends their access, and hands over codes."""
    return is_assigned_coach(user, participant) and not participant.is_anonymised
