"""The demo participant's consents, certificate and reads, for My consents, My certificates and
My data. Mikael Öberg has consented to registration (at intake) and to sharing his profile with
employers, has not been asked about another municipality, and holds a certificate for a unit of
cleaning he achieved earlier (issued from snapshots, as the regional demo certificate is, since
his own assessment is still under way); his coach and the assessor have read his case."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.assessments.models import Assessment
from app.audit import AuditEvent, record
from app.auth.models import User
from app.cases.models import Case, ConsentEvent, Participant
from app.cases.vocab import ConsentKind
from app.certificates.models import Certificate
from app.certificates.services import issue_from_snapshots
from app.certificates.sources import UnitSnapshot
from app.db import today, utcnow
from app.demo.frameworks import published
from app.demo.portal import EMAIL
from app.extensions import db

ASSESSOR, VERIFIER = "Per Sjöberg", "Lena Åström"


def load() -> int:
    """Give the demo participant his consent to employers and his certificate, when missing;
    creates no accounts."""
    account = db.session.scalar(sa.select(User).where(User.email == EMAIL))
    if account is None or account.participant_id is None:
        return 0
    person = db.session.get(Participant, account.participant_id)
    case = db.session.scalar(
        sa.select(Case).where(Case.participant_id == person.id).order_by(Case.id).limit(1)
    )
    if not any(event.kind is ConsentKind.EMPLOYERS for event in person.consents):
        db.session.add(
            ConsentEvent(
                participant=person,
                kind=ConsentKind.EMPLOYERS,
                is_given=True,
                effective_on=today() - timedelta(days=10),
                recorded_by=case.coach,
            )
        )
    _reads(person, case)
    has_certificate = sa.select(Certificate.id).where(Certificate.participant_id == person.id)
    if db.session.scalar(has_certificate.limit(1)) is None:
        _certificate(case)
    db.session.flush()
    return 0


def _reads(person: Participant, case: Case) -> None:
    """What My data lists: his coach opened his case and the assessor his assessment, as the
    access log records such reads (once)."""
    logged = sa.select(AuditEvent.id).where(
        AuditEvent.participant_id == person.id, AuditEvent.action == "case.viewed"
    )
    if db.session.scalar(logged.limit(1)) is not None:
        return
    assessor = db.session.scalar(sa.select(User).where(User.email == "assessor@example.org"))
    assessment = db.session.scalar(
        sa.select(Assessment).where(Assessment.case_id == case.id).order_by(Assessment.id).limit(1)
    )
    reads = [("case.viewed", case, case.coach, 3), ("case.plan_viewed", case, case.coach, 3)]
    if assessor is not None and assessment is not None:
        reads.append(("assessment.viewed", assessment, assessor, 1))
    for action, obj, user, days_ago in reads:
        line = record(action, obj, participant_id=person.id, user=user)
        line.at = utcnow() - timedelta(days=days_ago, hours=2)


def _certificate(case: Case) -> None:
    """One unit of cleaning, the last of the framework (his assessment is of the others)."""
    framework = published("lokalvard")
    if framework is None or case.coach is None:
        return
    unit = framework.units[-1]
    snapshot = UnitSnapshot(
        code=unit.code,
        title=unit.title,
        level=str(unit.level),
        credits=unit.credits,
        outcomes=tuple(outcome.text for outcome in unit.outcomes),
        assessor_name=ASSESSOR,
        verifier_name=VERIFIER,
        unit_id=unit.id,
    )
    issue_from_snapshots(case, framework, [snapshot], case.coach)
