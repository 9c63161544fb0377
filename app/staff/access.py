"""Whom a manager may follow: the scope half of the area's permission rules."""

from __future__ import annotations

from typing import Any

from app.cases.vocab import ConsentKind
from app.vocab import Role


def follows(user: Any, link: Any) -> bool:
    """The manager who referred the employee, in the same municipality, while the employee's
    consent to be followed stands (a withdrawal hides everything from then on)."""
    referral = link.referral
    participant = referral.participant
    return (
        user.has_role(Role.MANAGER)
        and link.manager_id == user.id
        and user.municipality_id == referral.municipality_id
        and not participant.is_anonymised
        and consent_stands(link)
    )


def consent_stands(link: Any) -> bool:
    """True while no withdrawal of the employee's consent to be followed came after the consent
    given with this referral."""
    return not any(
        event.kind is ConsentKind.MANAGER and not event.is_given and event.id > link.consent_id
        for event in link.referral.participant.consents
    )
