"""Who may see certificates: the scope half of the certificates area's permission rules.

Staff (coaches and administrators) see the certificates of their own municipality; a
participant with protected identity (skyddad identitet) only through their assigned coach.

Employers see a certificate only when another area says they may: the employers area
provides the answer from the `register(app)` of its `hooks.py`, e.g.

    def introduced(user, certificate) -> bool:
        return has_consented_introduction(user.employer, certificate.participant_id)

    def register(app):
        employer_certificate_access(app, introduced)

Until an area provides one, `certificate_access_for_employer` answers False, so an employer
gets 404 for every certificate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

from app.areas import registry
from app.cases.access import shows_identity
from app.vocab import Role

EmployerAccess = Callable[[Any, Any], bool]


def _employer_access(app: Flask) -> list[EmployerAccess]:
    return registry(app, "employer_certificate_access", list)


def employer_certificate_access(app: Flask, provider: EmployerAccess) -> None:
    """Add `provider(user, certificate) -> bool`: True lets that employer download the PDF."""
    _employer_access(app).append(provider)


def certificate_access_for_employer(user: Any, certificate: Any) -> bool:
    """True when a provider of the current application lets the employer see the certificate."""
    if user.employer_id is None or certificate.participant_id is None:
        return False
    return any(provider(user, certificate) for provider in _employer_access(current_app))


def _staff_of(user: Any, municipality_id: int | None) -> bool:
    return user.municipality_id is not None and user.municipality_id == municipality_id


def is_staff_for_case(user: Any, case: Any) -> bool:
    """Coaches and administrators of the case's municipality."""
    return user.has_role(Role.COACH, Role.ADMIN) and _staff_of(user, case.municipality_id)


def is_staff_for_participant(user: Any, participant: Any) -> bool:
    """Staff of the participant's municipality; under protected identity only their coach."""
    if not (user.has_role(Role.COACH, Role.ADMIN) and _staff_of(user, participant.municipality_id)):
        return False
    return shows_identity(user, participant)


def is_staff_for_certificate(user: Any, certificate: Any) -> bool:
    """Staff of the issuing municipality, minding protected identity while it applies."""
    if not (user.has_role(Role.COACH, Role.ADMIN) and _staff_of(user, certificate.municipality_id)):
        return False
    participant = certificate.participant
    return participant is None or shows_identity(user, participant)


def may_download(user: Any, certificate: Any) -> bool:
    """Staff in scope, or an employer whom a provider of another area lets in."""
    if user.has_role(Role.EMPLOYER) and not user.has_role(Role.COACH, Role.ADMIN):
        return certificate_access_for_employer(user, certificate)
    return is_staff_for_certificate(user, certificate)


def shows_name(user: Any, certificate: Any) -> bool:
    """Whether lists may show the holder's name to this user (protected identity)."""
    participant = certificate.participant
    return participant is None or shows_identity(user, participant)
