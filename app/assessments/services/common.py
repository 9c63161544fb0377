"""Small helpers the assessments services share."""

from __future__ import annotations

from app.assessments import rules
from app.assessments.rules import CaseParties, Person
from app.cases.models import Case
from app.refusals import check


def text(value) -> str | None:
    """Trimmed text, or None when empty."""
    return (value or "").strip() or None


def person(user) -> Person:
    """The user as the rules see them."""
    municipality = user.municipality
    return Person(
        id=user.id,
        roles=frozenset(user.roles),
        municipality_id=user.municipality_id,
        region_id=municipality.region_id if municipality is not None else None,
        is_active=bool(user.is_active),
    )


def participant_coach_ids(case: Case) -> frozenset[int]:
    """Everyone who coaches or has coached any of the participant's cases."""
    cases = case.participant.cases
    ids = {c.coach_id for c in cases if c.coach_id is not None}
    for other in cases:
        ids |= {line.to_coach_id for line in other.assignments}
        ids |= {line.from_coach_id for line in other.assignments if line.from_coach_id}
    return frozenset(ids)


def parties(case: Case) -> CaseParties:
    """The case as the assessor rule sees it."""
    return CaseParties(
        municipality_id=case.municipality_id,
        region_id=case.municipality.region_id,
        coach_ids=participant_coach_ids(case),
    )


def check_independent(actor, case: Case, *, field: str | None = None) -> None:
    """Raise Refused (at the form's `field`, if given) unless `actor` may still act as the case's
    assessor (`rules.acting_refusals`): checked at every step, since the case may have changed
    hands."""
    check(rules.acting_refusals(person(actor), parties(case)), field=field)
