"""What a certificate is made from: a case's verified, achieved unit decisions.

The assessments area says which decisions count (`verified_achieved_decisions`: verified,
"achieved", superseded by no later decision); a unit is issuable while no certificate of the
case that is still valid (not revoked) states it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.assessments.models import UnitDecision
from app.assessments.queries import verified_achieved_decisions
from app.cases.models import Case
from app.cases.personal_numbers import InvalidPersonalNumber, parse
from app.cases.workflow import Stage
from app.certificates.models import Certificate, CertificateUnit, ReadyCase
from app.extensions import db


@dataclass(frozen=True)
class UnitSnapshot:
    """A unit as it will stand on the certificate, with where it came from."""

    code: str
    title: str
    level: str
    credits: int
    outcomes: tuple[str, ...]
    assessor_name: str
    verifier_name: str | None
    verified_on: date | None = None
    decision_id: int | None = None
    unit_id: int | None = None


def certified_unit_ids(case) -> set[int]:
    """Framework units already stated on a valid (not revoked) certificate of the case."""
    query = (
        sa.select(CertificateUnit.unit_id)
        .join(Certificate)
        .where(Certificate.case_id == case.id, Certificate.revoked_at.is_(None))
    )
    return {unit_id for unit_id in db.session.scalars(query) if unit_id is not None}


def issuable_decisions(case) -> list[UnitDecision]:
    """Verified, achieved decisions whose units are on no valid certificate yet.

    All of one framework version: the one of the earliest such decision. Units of another
    version (rare) stay issuable for a certificate of their own.
    """
    done = certified_unit_ids(case)
    decisions = [d for d in verified_achieved_decisions(case) if d.unit_id not in done]
    if not decisions:
        return []
    framework_id = decisions[0].unit.framework_id
    return [d for d in decisions if d.unit.framework_id == framework_id]


def snapshot(decision: UnitDecision) -> UnitSnapshot:
    """What the certificate will say about the decision's unit."""
    unit = decision.unit
    return UnitSnapshot(
        code=unit.code,
        title=unit.title,
        level=str(unit.level),
        credits=unit.credits,
        outcomes=tuple(outcome.text for outcome in unit.outcomes),
        assessor_name=decision.assessor.name,
        verifier_name=decision.verifier.name if decision.verifier is not None else None,
        verified_on=decision.verified_at.date() if decision.verified_at else None,
        decision_id=decision.id,
        unit_id=unit.id,
    )


def birth_date(participant) -> date | None:
    """The participant's date of birth: from the personal or coordination number, or as typed
    for a reserve identity (whose reserve number never goes on a certificate)."""
    if participant.is_reserve_number:
        return participant.birth_date
    try:
        return parse(participant.personal_number).birth_date
    except InvalidPersonalNumber:
        return None


def cases_ready(user, limit: int = 10) -> tuple[int, list[Case]]:
    """How many open cases of the user's municipality have units ready for a certificate, and
    the first `limit` of them (oldest case first).

    Read from `certificate_ready_cases` (kept by `readiness`): a case is ready when a current
    verified "achieved" decision (as `issuable_decisions` reads them) names a unit that no
    valid certificate of the case states yet.
    """
    if user.municipality_id is None:
        return 0, []
    ready = (
        sa.select(Case)
        .join(ReadyCase, ReadyCase.case_id == Case.id)
        .where(Case.municipality_id == user.municipality_id, Case.stage != Stage.CLOSED)
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(ready.subquery()))
    cases = db.session.scalars(ready.order_by(Case.id).limit(limit))
    return total, list(cases)
