"""Demo certificates, issued from the verified decisions that `app.demo.assessments` made.

- Ahmad Rahimi (certified): a certificate for his two verified units;
- Sofia Lindberg (matching): a certificate revoked because her name was misspelt in the register,
  and the corrected certificate that replaces it;
- Dragan Petrović (placed): a certificate for his three verified units;
- Omar Farah (Timrå, about to move to Härnösand): the demo has no verified decisions in Timrå,
  so his certificate is issued from snapshot data directly (`issue_from_snapshots`), assessed by
  Härnösand's assessor within the regional cooperation; it gives every area a certificate of a
  second municipality.

Issued through the certificates services, so each has its number, verification code, stored
PDFs and the municipality's signing key. A case that already has a certificate is left alone.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.cases.models import Case, Participant
from app.certificates.models import Certificate
from app.certificates.services import issue_certificate, issue_from_snapshots, revoke_certificate
from app.certificates.sources import UnitSnapshot, issuable_decisions
from app.certificates.vocab import RevocationReason
from app.demo.frameworks import published
from app.extensions import db

REVOCATION_NOTE = (
    "Efternamnet var felstavat i registret när intyget utfärdades (Lindgren i stället för "
    "Lindberg). Ett rättat intyg utfärdas samma dag."
)
REGIONAL_ASSESSOR, REGIONAL_VERIFIER = "Per Sjöberg", "Lena Åström"


def _case(first: str, last: str) -> Case | None:
    query = (
        sa.select(Case)
        .join(Case.participant)
        .where(Participant.first_name == first, Participant.last_name == last)
        .order_by(Case.id)
    )
    return db.session.scalars(query).first()


def _has_certificate(case: Case) -> bool:
    query = sa.select(Certificate.id).where(Certificate.case_id == case.id).limit(1)
    return db.session.scalar(query) is not None


def _issued(case: Case) -> None:
    if issuable_decisions(case):
        issue_certificate(case, case.coach)


def _revoked_and_corrected(case: Case) -> None:
    """The name was misspelt in the register when the first certificate was issued."""
    if not issuable_decisions(case):
        return
    participant = case.participant
    right = participant.last_name
    participant.last_name = "Lindgren"
    db.session.flush()
    wrong = issue_certificate(case, case.coach)
    participant.last_name = right
    db.session.flush()
    revoke_certificate(wrong, case.coach, RevocationReason.WRONG_DETAILS, REVOCATION_NOTE)
    issue_certificate(case, case.coach, replaces=wrong)


def _from_snapshots(case: Case) -> None:
    framework = published("lokalvard")
    if framework is None:
        return
    units = [
        UnitSnapshot(
            code=unit.code,
            title=unit.title,
            level=str(unit.level),
            credits=unit.credits,
            outcomes=tuple(outcome.text for outcome in unit.outcomes),
            assessor_name=REGIONAL_ASSESSOR,
            verifier_name=REGIONAL_VERIFIER,
            unit_id=unit.id,
        )
        for unit in framework.units[:2]
    ]
    issue_from_snapshots(case, framework, units, case.coach)


PLANS = [
    ("Ahmad", "Rahimi", _issued),
    ("Sofia", "Lindberg", _revoked_and_corrected),
    ("Dragan", "Petrović", _issued),
    ("Omar", "Farah", _from_snapshots),
]


def load() -> int:
    """Issue the demo certificates that are missing; creates no accounts."""
    for first, last, build in PLANS:
        case = _case(first, last)
        if case is not None and case.coach is not None and not _has_certificate(case):
            build(case)
    return 0
