"""Demo certificates, issued from the verified decisions that `app.demo.assessments` made.

- Ahmad Rahimi (certified): a certificate for his two verified units;
- Sofia Lindberg (matching): a certificate revoked for a misspelt name, and the corrected
  certificate that replaces it;
- Dragan Petrović (placed): a certificate for his three verified units.

Issued through the same service the case page uses, so each has its number, verification code,
stored PDFs and the municipality's signing key. A case that already has a certificate is left
as it is.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.cases.models import Case, Participant
from app.certificates.models import Certificate, RevocationReason
from app.certificates.services import issue_certificate, revoke_certificate
from app.certificates.sources import issuable_decisions
from app.extensions import db

REVOCATION_NOTE = (
    "Efternamnet stavades fel på intyget (Lindgren i stället för Lindberg). Ett rättat intyg "
    "utfärdas samma dag."
)


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


def _revoked_and_corrected(case: Case) -> None:
    """The name was misspelt in the register when the first certificate was issued."""
    participant = case.participant
    right = participant.last_name
    participant.last_name = "Lindgren"
    db.session.flush()
    wrong = issue_certificate(case, case.coach)
    participant.last_name = right
    db.session.flush()
    revoke_certificate(wrong, case.coach, RevocationReason.WRONG_DETAILS, REVOCATION_NOTE)
    issue_certificate(case, case.coach, replaces=wrong)


PLANS = [
    ("Ahmad", "Rahimi", lambda case: issue_certificate(case, case.coach)),
    ("Sofia", "Lindberg", _revoked_and_corrected),
    ("Dragan", "Petrović", lambda case: issue_certificate(case, case.coach)),
]


def load() -> int:
    """Issue the demo certificates that are missing; creates no accounts."""
    for first, last, build in PLANS:
        case = _case(first, last)
        if case is None or case.coach is None or _has_certificate(case):
            continue
        if issuable_decisions(case):
            build(case)
    return 0
