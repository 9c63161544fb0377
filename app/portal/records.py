"""The participant's own records: their consents (given and withdrawn by themselves), their
certificates, and their data (the register extract and who in the municipality read it).

A consent the participant gives or withdraws is recorded by the cases area's own service
(`record_consent`), as when the coach records it: the same event, the same audit line, the same
notice to the coach, and the same effect at once on matching, transfers and the manager's view.
The register extract is the data-protection area's (`export_participant`), logged as the
administrator's is. These functions flush and log, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.audit import AuditEvent, record
from app.auth.models import User
from app.cases.models import ConsentEvent, Participant
from app.cases.services.participants import record_consent
from app.cases.vocab import ConsentKind
from app.certificates.models import Certificate
from app.db import today
from app.extensions import db
from app.notifications import Kind, notify
from app.portal.models import AccessLogPolicy
from app.portal.vocab import ConsentRefusal
from app.refusals import Refused

# The consents a participant gives themselves on My pages. The manager's is given with the
# manager's referral and counts only from there (`app.staff.access.consent_stands`): the
# participant may withdraw it, never give it anew.
OWN_CONSENTS = (ConsentKind.REGISTRATION, ConsentKind.EMPLOYERS, ConsentKind.OTHER_MUNICIPALITY)
LOG_PAGE = 20  # lines of the access log per page

# The lines of the access log that are reads of a participant's data: every action that `seen`
# or `seen_many` writes (tests/portal/test_records_data.py checks the list against the source),
# and the register extract, which reads everything.
READS = frozenset(
    {
        "assessment.attachment_downloaded", "assessment.case_viewed",
        "assessment.evidence_downloaded", "assessment.list_viewed", "assessment.viewed",
        "case.adaptations_viewed", "case.api_listed", "case.caseload_viewed",
        "case.journal_viewed", "case.plan_viewed", "case.transfer_viewed", "case.viewed",
        "certificate.api_listed", "certificate.credential", "certificate.download",
        "certificate.list", "certificate.preview", "certificate.register_viewed",
        "certificate.verify", "certificate.view", "decision.queue_viewed", "decision.viewed",
        "employers.candidate_shown", "employers.candidate_viewed",
        "employers.candidates_listed", "employers.candidates_of_municipality",
        "employers.introduction_viewed", "employers.needs_for_participant",
        "employers.placement_viewed", "funding.viewed", "home.viewed", "import.previewed",
        "introduction.list_viewed", "mapping.case_viewed", "mapping.evidence_downloaded",
        "mapping.gaps_viewed", "mapping.summary_viewed", "mapping.unit_viewed", "mapping.viewed",
        "participant.duplicate_shown", "participant.registered_shown", "participant.viewed",
        "privacy.log_exported", "privacy.log_viewed", "privacy.participant_viewed",
        "privacy.retention_viewed", "privacy.exported", "referral.api_viewed",
        "referral.inbox_viewed", "referral.viewed",
        "reports.esf_downloaded", "staff.progress_shown", "staff.progress_viewed",
    }
)  # fmt: skip


# --- consents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Consent:
    """Where one kind of consent stands for the participant."""

    kind: ConsentKind
    latest: ConsentEvent | None

    @property
    def is_given(self) -> bool:
        return self.latest is not None and self.latest.is_given

    @property
    def may_give(self) -> bool:
        return self.kind in OWN_CONSENTS and not self.is_given

    @property
    def may_withdraw(self) -> bool:
        return self.is_given


def my_consents(participant: Participant) -> list[Consent]:
    """Each consent the participant can give, and any other one recorded for them, with its
    latest event (none: never asked)."""
    latest: dict[ConsentKind, ConsentEvent] = {}
    for event in participant.consents:  # in the order recorded: the last one counts
        latest[event.kind] = event
    kinds = [*OWN_CONSENTS, *(kind for kind in ConsentKind if kind not in OWN_CONSENTS)]
    return [
        Consent(kind, latest.get(kind)) for kind in kinds if kind in OWN_CONSENTS or kind in latest
    ]


def consent_kind(value: str) -> ConsentKind | None:
    """The kind of consent named `value`, or None."""
    return next((kind for kind in ConsentKind if kind.value == value), None)


def consent_of(participant: Participant, kind: ConsentKind) -> Consent:
    """Where the participant's consent of this kind stands."""
    return next(
        (found for found in my_consents(participant) if found.kind is kind),
        Consent(kind, None),
    )


def give_own_consent(participant: Participant, kind: ConsentKind, actor: User) -> ConsentEvent:
    """The participant gives a consent themselves, from today, and the coach is told (as of a
    withdrawal: the coach did not record it themselves)."""
    consent = consent_of(participant, kind)
    if kind not in OWN_CONSENTS:
        raise Refused(ConsentRefusal.NOT_OFFERED)
    if consent.is_given:
        raise Refused(ConsentRefusal.ALREADY_GIVEN)
    event = record_consent(
        participant, kind, given=True, effective_on=today(), note=None, actor=actor
    )
    notify(Kind.CONSENT_GIVEN, participant, actor=actor)
    return event


def withdraw_own_consent(participant: Participant, kind: ConsentKind, actor: User) -> ConsentEvent:
    """The participant withdraws a consent, at once: recorded as when the coach records it, so
    the coach is told and every rule that reads the consent follows from now on."""
    if not consent_of(participant, kind).is_given:
        raise Refused(ConsentRefusal.ALREADY_WITHDRAWN)
    return record_consent(
        participant, kind, given=False, effective_on=today(), note=None, actor=actor
    )


# --- certificates ------------------------------------------------------------------------------


def my_certificates(user: User) -> list[Certificate]:
    """The certificates issued to the participant, the newest first (revoked ones too)."""
    query = sa.select(Certificate).where(Certificate.participant_id == user.participant_id)
    return list(
        db.session.scalars(query.order_by(Certificate.issued_at.desc(), Certificate.id.desc()))
    )


# --- who read my data --------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One read of the participant's data, as they are shown it."""

    at: datetime
    action: str
    roles: tuple  # the reader's roles (empty: another system, through the API)
    name: str | None  # only when the municipality shows names


def shows_names(municipality_id: int | None) -> bool:
    """The municipality's choice (role only until it chooses names)."""
    found = db.session.get(AccessLogPolicy, municipality_id) if municipality_id else None
    return found is not None and found.shows_names


def readings_query(user: User) -> sa.Select:
    """The reads of the participant's data by the municipality's staff and systems (never the
    participant's own), the newest first."""
    return (
        sa.select(AuditEvent)
        .where(
            AuditEvent.participant_id == user.participant_id,
            AuditEvent.action.in_(sorted(READS)),
            sa.or_(
                sa.and_(AuditEvent.user_id.is_not(None), AuditEvent.user_id != user.id),
                AuditEvent.api_client_id.is_not(None),
            ),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


def readings(lines: list[AuditEvent], named: bool) -> list[Reading]:
    """The lines of a page of the log as the participant reads them: the reader's role, and
    their name when the municipality shows names."""
    readers = {line.user_id for line in lines if line.user_id is not None}
    people = {}
    if readers:
        query = sa.select(User).where(User.id.in_(readers)).options(selectinload(User.role_rows))
        people = {person.id: person for person in db.session.scalars(query)}
    found = []
    for line in lines:
        reader = people.get(line.user_id)
        # the roles it held, also of an account ended since
        roles = tuple(sorted({row.role for row in reader.role_rows})) if reader else ()
        name = reader.name if named and reader is not None else None
        found.append(Reading(at=line.at, action=line.action, roles=roles, name=name))
    return found


def save_log_policy(municipality_id: int, names: bool, actor: User) -> AccessLogPolicy:
    """The administrator's choice of whether participants see the names of those who read
    their data (else the role alone)."""
    found = db.session.get(AccessLogPolicy, municipality_id)
    if found is None:
        found = AccessLogPolicy(municipality_id=municipality_id)
        db.session.add(found)
    before = bool(found.shows_names)
    found.shows_names = names
    db.session.flush()
    if before != names:
        record(
            "portal.log_policy_saved",
            None,
            user=actor,
            details={"municipality": municipality_id, "shows_names": names},
        )
    return found
