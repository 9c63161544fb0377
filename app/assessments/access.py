"""Who may see and act on assessments and decisions: the scope half of the permission rules.

Coaches see the assessments of their municipality's cases; an assessor only the assessments
assigned to them; internal verifiers the decisions of their own municipality (the one that
answers for the certificate, whoever assessed); the external quality assurer (EK) only verified
decisions, of any municipality, without the participant's identity.
"""

from __future__ import annotations

from typing import Any

from app.cases.access import can_edit_case
from app.vocab import Role


def _staff_of(user: Any, case: Any) -> bool:
    return user.municipality_id is not None and user.municipality_id == case.municipality_id


def is_case_coach_staff(user: Any, case: Any) -> bool:
    """A coach of the municipality that holds the case."""
    return user.has_role(Role.COACH) and _staff_of(user, case)


def can_plan(user: Any, case: Any) -> bool:
    """The case's own coach plans its assessments."""
    return user.has_role(Role.COACH) and can_edit_case(user, case) and case.is_open


def is_verifier_of(user: Any, case: Any) -> bool:
    """An internal verifier of the case's municipality."""
    return user.has_role(Role.INTERNAL_VERIFIER) and _staff_of(user, case)


def assesses(user: Any, assessment: Any) -> bool:
    """The assessor the assessment is assigned to."""
    return user.has_role(Role.ASSESSOR) and assessment.assessor_id == user.id


def assesses_case(user: Any, case: Any) -> bool:
    """The assessor of at least one assessment of the case that was not cancelled."""
    from app.assessments.queries import assessor_case_ids

    return user.has_role(Role.ASSESSOR) and case.id in assessor_case_ids(user.id)


def can_view_assessment(user: Any, assessment: Any) -> bool:
    """The municipality's coaches and verifiers, and the assigned assessor."""
    case = assessment.case
    return (
        is_case_coach_staff(user, case) or assesses(user, assessment) or is_verifier_of(user, case)
    )


def can_manage_assessment(user: Any, assessment: Any) -> bool:
    """The case's coach may cancel what was planned."""
    return can_plan(user, assessment.case)


def can_view_decision(user: Any, decision: Any) -> bool:
    """Coaches and verifiers of the municipality, assessors of the case; EK once verified."""
    case = decision.case
    if is_case_coach_staff(user, case) or is_verifier_of(user, case):
        return True
    if decision.assessor_id == user.id or assesses_case(user, case):
        return True
    return user.has_role(Role.EXTERNAL_VERIFIER) and decision.status == "verified"


def can_verify(user: Any, decision: Any) -> bool:
    """Internal verifiers of the case's municipality.

    That they never verify their own decisions is a rule (`rules.verification_refusals`),
    answered with a message rather than a 404, since they may see the decision.
    """
    return is_verifier_of(user, decision.case)


def made_decision(user: Any, decision: Any) -> bool:
    """The assessor who made the decision revises or corrects it."""
    return user.has_role(Role.ASSESSOR) and decision.assessor_id == user.id


def can_train(user: Any, case: Any) -> bool:
    """The case's coach records complementary training."""
    return can_plan(user, case)


def administers(user: Any, municipality: Any) -> bool:
    """A municipality administrator sets their own municipality's sampling only."""
    return user.municipality_id is not None and user.municipality_id == municipality.id


def any_municipality(user: Any, municipality: Any) -> bool:
    """The external quality assurer samples every municipality."""
    return user.has_role(Role.EXTERNAL_VERIFIER)
