"""Operations on certificates: issue, revoke, and the PDFs kept with them.

They flush and log to the audit log; the route commits once; a rule that says no raises
`Refused` with a `vocab.Refusal` code. Issuing is one transaction: the number, the record, its
units and its PDFs are written together or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from flask import current_app, has_request_context, request, url_for

from app.audit import record
from app.certificates import numbering, pdf, sources
from app.certificates.credentials import keys
from app.certificates.models import Certificate, CertificateDocument, CertificateUnit
from app.certificates.sources import UnitSnapshot
from app.certificates.vocab import Refusal, RevocationReason
from app.certificates.wording import LANGUAGES, statement
from app.db import utcnow
from app.extensions import db
from app.refusals import Refused
from app.webhooks import Event, publish

Renderer = Callable[..., bytes]
LOCAL_BASE_URL = "http://127.0.0.1:5000/"  # `make run`, when issuing outside a request


def public_base_url() -> str:
    """Where the public pages live: PUBLIC_BASE_URL, else the request's own address."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured.rstrip("/") + "/"
    return request.url_root if has_request_context() else LOCAL_BASE_URL


def public_url(endpoint: str, **values) -> str:
    """An absolute address of a public page, as printed on certificates and credentials."""
    path = url_for(endpoint, **values) if has_request_context() else _path(endpoint, values)
    return public_base_url().rstrip("/") + path


def _path(endpoint: str, values: dict) -> str:
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)


def verify_url(certificate: Certificate) -> str:
    """The public verification page of a certificate (what its QR code holds)."""
    return public_url("certificates.verify", code=certificate.verification_code)


def lookup_url() -> str:
    """The public form where a person types a certificate's number and short code."""
    return public_url("certificates.verify_form")


def _documents(certificate: Certificate, revoked_copy: bool, render: Renderer | None) -> None:
    render = render or pdf.render
    url = verify_url(certificate)
    logo = certificate.municipality.logo
    for language in LANGUAGES:
        said = statement(certificate, language, url, lookup_url=lookup_url(), logo=logo)
        content = render(said)
        certificate.documents.append(
            CertificateDocument(
                language=language,
                is_revoked_copy=revoked_copy,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
            )
        )


def document(certificate: Certificate, language: str) -> CertificateDocument | None:
    """The PDF to hand out: the revoked copy once the certificate is revoked."""
    wanted = certificate.is_revoked
    if "documents" not in sa.inspect(certificate).dict:
        # Read the one PDF by its key rather than every language's and copy's (each ~100 KB).
        return db.session.get(CertificateDocument, (certificate.id, language, wanted))
    return next(
        (
            d
            for d in certificate.documents
            if d.language == language and d.is_revoked_copy == wanted
        ),
        None,
    )


def _check_replaces(case, replaces: Certificate | None) -> None:
    if replaces is None:
        return
    if replaces.case_id != case.id or not replaces.is_revoked:
        raise Refused(Refusal.REPLACES_NOT_REVOKED)
    if replaces.replaced_by is not None:
        raise Refused(Refusal.ALREADY_REPLACED)


PREVIEW_NUMBER = "VAL-{year}-______"  # the number is taken only when the certificate is issued
PREVIEW_CODE = "____________"


def preview_certificate(case, replaces: Certificate | None = None) -> Certificate | None:
    """The certificate that issuing would make now, built in memory and never stored.

    None when nothing is ready. It has no number, no codes and no id; it is not added to the
    session, so nothing of it is written (the confirmation page and the preview PDF show it).
    """
    decisions = sources.issuable_decisions(case)
    if not decisions:
        return None
    framework = decisions[0].unit.framework
    participant = case.participant
    issued_at = utcnow().replace(microsecond=0)
    units = [sources.snapshot(decision) for decision in decisions]
    certificate = Certificate(
        number=PREVIEW_NUMBER.format(year=issued_at.year),
        verification_code="",
        short_code=PREVIEW_CODE,
        municipality_id=case.municipality_id,
        issued_at=issued_at,
        holder_name=participant.full_name,
        birth_date=sources.birth_date(participant),
        issuer_name=case.municipality.display_name,
        framework_code=framework.code,
        framework_name=framework.name,
        framework_version=framework.version,
        ssyk_code=framework.ssyk_code,
        units=[_unit_row(position, unit) for position, unit in enumerate(units)],
    )
    certificate.preview_replaces = replaces  # read by the wording; not the stored link
    return certificate


def preview_pdf(case, language: str, replaces: Certificate | None = None) -> bytes | None:
    """The PDF that issuing would make now, stamped PREVIEW; not stored, not numbered."""
    certificate = preview_certificate(case, replaces)
    if certificate is None:
        return None
    said = statement(
        certificate,
        language,
        lookup_url(),
        lookup_url=lookup_url(),
        logo=case.municipality.logo,
        preview=True,
    )
    return pdf.render(said)


def issue_certificate(
    case, actor, *, replaces: Certificate | None = None, render: Renderer | None = None
) -> Certificate:
    """Issue a certificate for the case's verified, achieved units not yet on one."""
    decisions = sources.issuable_decisions(case)
    if not decisions:
        raise Refused(Refusal.NOTHING_TO_CERTIFY)
    framework = decisions[0].unit.framework
    units = [sources.snapshot(decision) for decision in decisions]
    return issue_from_snapshots(case, framework, units, actor, replaces=replaces, render=render)


def issue_from_snapshots(
    case,
    framework,
    units: Sequence[UnitSnapshot],
    actor,
    *,
    replaces: Certificate | None = None,
    render: Renderer | None = None,
) -> Certificate:
    """Issue a certificate stating `units` of `framework` for the case's participant."""
    if not units:
        raise Refused(Refusal.NOTHING_TO_CERTIFY)
    _check_replaces(case, replaces)
    participant = case.participant
    issued_at = utcnow().replace(microsecond=0)
    certificate = Certificate(
        number=numbering.next_number(issued_at.year),
        verification_code=numbering.new_code(),
        short_code=_free_short_code(),
        municipality=case.municipality,
        case=case,
        participant=participant,
        framework_id=framework.id,
        issued_at=issued_at,
        issued_by=actor,
        holder_name=participant.full_name,
        birth_date=sources.birth_date(participant),
        holder_gender=participant.gender,
        issuer_name=case.municipality.display_name,
        framework_code=framework.code,
        framework_name=framework.name,
        framework_version=framework.version,
        ssyk_code=framework.ssyk_code,
        replaces=replaces,
        units=[_unit_row(position, unit) for position, unit in enumerate(units)],
    )
    db.session.add(certificate)
    db.session.flush()
    keys.issuer_key(case.municipality)  # so the credentials can be signed from the start
    _documents(certificate, revoked_copy=False, render=render)
    db.session.flush()
    record(
        "certificate.issue",
        certificate,
        participant_id=participant.id,
        details={"number": certificate.number, "units": [u.code for u in units]},
        user=actor,
    )
    publish(Event.CERTIFICATE_ISSUED, certificate)
    return certificate


def _free_short_code() -> str:
    """A short code no certificate has (60 random bits: a clash is all but impossible)."""
    while True:
        code = numbering.new_short_code()
        taken = sa.select(Certificate.id).where(Certificate.short_code == code)
        if db.session.scalar(taken) is None:
            return code


def _unit_row(position: int, unit: UnitSnapshot) -> CertificateUnit:
    return CertificateUnit(
        position=position,
        decision_id=unit.decision_id,
        unit_id=unit.unit_id,
        code=unit.code,
        title=unit.title,
        level=unit.level,
        credits=unit.credits,
        outcomes=list(unit.outcomes),
        assessor_name=unit.assessor_name,
        verifier_name=unit.verifier_name,
        verified_on=unit.verified_on,
    )


def revoke_certificate(
    certificate: Certificate,
    actor,
    reason: RevocationReason,
    note: str,
    *,
    render: Renderer | None = None,
) -> Certificate:
    """Revoke a certificate: it shows as revoked everywhere, its units become issuable."""
    if certificate.is_revoked:
        raise Refused(Refusal.ALREADY_REVOKED)
    if not (note or "").strip():
        raise Refused(Refusal.NOTE_REQUIRED, field="note")
    certificate.revoked_at = utcnow().replace(microsecond=0)
    certificate.revoked_by = actor
    certificate.revocation_reason = RevocationReason(reason)
    certificate.revocation_note = note.strip()
    _documents(certificate, revoked_copy=True, render=render)
    db.session.flush()
    record(
        "certificate.revoke",
        certificate,
        participant_id=certificate.participant_id,
        details={"number": certificate.number, "reason": str(reason)},
        user=actor,
    )
    publish(Event.CERTIFICATE_REVOKED, certificate)
    return certificate


def certificates_of_case(case) -> list[Certificate]:
    """The case's certificates, newest first."""
    query = sa.select(Certificate).where(Certificate.case_id == case.id)
    return list(
        db.session.scalars(query.order_by(Certificate.issued_at.desc(), Certificate.id.desc()))
    )


def certificates_of_participant(participant) -> list[Certificate]:
    """Every certificate issued to the participant, in any of their cases, newest first."""
    query = sa.select(Certificate).where(Certificate.participant_id == participant.id)
    return list(
        db.session.scalars(query.order_by(Certificate.issued_at.desc(), Certificate.id.desc()))
    )


def valid_certificate_count(case) -> int:
    """How many certificates of the case are not revoked."""
    query = sa.select(sa.func.count(Certificate.id)).where(
        Certificate.case_id == case.id, Certificate.revoked_at.is_(None)
    )
    return db.session.scalar(query) or 0


def replaceable(case) -> list[Certificate]:
    """The case's revoked certificates that no corrected certificate replaces yet."""
    return [c for c in certificates_of_case(case) if c.is_revoked and c.replaced_by is None]


def find_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code, if the code has the right shape."""
    if not numbering.is_code(code):
        return None
    return db.session.scalar(sa.select(Certificate).where(Certificate.verification_code == code))


def find_by_short_code(code: str) -> Certificate | None:
    """The certificate with this short code as typed (any case, spaces and dashes ignored)."""
    normalised = numbering.normalise_short_code(code)
    if normalised is None:
        return None
    return db.session.scalar(sa.select(Certificate).where(Certificate.short_code == normalised))


def find_by_number_and_code(number: str, code: str) -> Certificate | None:
    """The certificate when its number and its code (the short one or the long one) match."""
    certificate = find_by_short_code(code) or find_by_code(code)
    if certificate is None or certificate.number != numbering.normalise_number(number):
        return None
    return certificate
