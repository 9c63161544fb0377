"""Certificates (intyg/kompetensbevis) and what they state, kept as issued.

A certificate keeps its own copy of everything it states: the holder's name and date of birth,
the framework, each unit with its outcomes, the assessors and the verifier. The links to the
case, the participant and the framework are there for staff and become empty when a closed case
is anonymised; the verification record and the PDF stay valid without them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.vocab import Gender
from app.certificates.vocab import RevocationReason
from app.db import enum_column, utcnow
from app.extensions import db
from app.organisations.models import Municipality

HOURS_PER_CREDIT = 10


class Certificate(db.Model):
    """An issued certificate: its number, its verification code and what it states."""

    __tablename__ = "certificates"
    __table_args__ = (
        sa.CheckConstraint(
            "(revoked_at IS NULL) = (revocation_reason IS NULL)", name="revocation_complete"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    verification_code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The short code a person types on /verify: 12 Crockford base32 characters, printed in
    # groups of four beside the QR code (`numbering.group_code`).
    short_code: Mapped[str] = mapped_column(sa.String(12), unique=True, index=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    framework_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("frameworks.id", ondelete="SET NULL")
    )
    issued_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    holder_name: Mapped[str] = mapped_column(sa.String(200))
    birth_date: Mapped[date | None]
    # The holder's gender when it was issued: the statistics count certificates by gender, and
    # anonymisation unlinks the certificate from the participant.
    holder_gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "holder_gender"))
    issuer_name: Mapped[str] = mapped_column(sa.String(200))
    framework_code: Mapped[str] = mapped_column(sa.String(40))
    framework_name: Mapped[str] = mapped_column(sa.String(200))
    framework_version: Mapped[int]
    ssyk_code: Mapped[str | None] = mapped_column(sa.String(4))
    replaces_id: Mapped[int | None] = mapped_column(sa.ForeignKey("certificates.id"), unique=True)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    revocation_reason: Mapped[RevocationReason | None] = mapped_column(
        enum_column(RevocationReason, "revocation_reason")
    )
    revocation_note: Mapped[str | None] = mapped_column(sa.Text)

    municipality: Mapped[Municipality] = relationship()
    case = relationship("Case")
    participant = relationship("Participant")
    issued_by = relationship("User", foreign_keys=[issued_by_id])
    revoked_by = relationship("User", foreign_keys=[revoked_by_id])
    replaces: Mapped[Certificate | None] = relationship(
        remote_side=[id], back_populates="replaced_by"
    )
    replaced_by: Mapped[Certificate | None] = relationship(back_populates="replaces")
    units: Mapped[list[CertificateUnit]] = relationship(
        back_populates="certificate",
        order_by="CertificateUnit.position",
        cascade="all, delete-orphan",
    )
    documents: Mapped[list[CertificateDocument]] = relationship(
        back_populates="certificate", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def total_credits(self) -> int:
        return sum(unit.credits for unit in self.units)

    @property
    def total_hours(self) -> int:
        """Notional learning hours: ten per credit."""
        return self.total_credits * HOURS_PER_CREDIT

    @property
    def assessor_names(self) -> list[str]:
        """Everyone who assessed a unit on the certificate, in the units' order."""
        return _unique(unit.assessor_name for unit in self.units)

    @property
    def verifier_names(self) -> list[str]:
        """The internal verifiers who signed the units off."""
        return _unique(unit.verifier_name for unit in self.units)


def _unique(names: Any) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


class CertificateUnit(db.Model):
    """A unit as the certificate states it, with the verified decision it came from."""

    __tablename__ = "certificate_units"
    __table_args__ = (
        sa.UniqueConstraint("certificate_id", "code", name="uq_certificate_units_certificate_code"),
        sa.CheckConstraint("credits >= 0", name="credits_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    # The verified unit decision (assessments area) the unit was certified from.
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("unit_decisions.id", ondelete="SET NULL"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("framework_units.id", ondelete="SET NULL"), index=True
    )
    code: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200))
    level: Mapped[str] = mapped_column(sa.String(10))
    credits: Mapped[int]
    outcomes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    assessor_name: Mapped[str] = mapped_column(sa.String(200))
    # None when the decision was verified by sampling (outside the verifier's sample).
    verifier_name: Mapped[str | None] = mapped_column(sa.String(200))
    verified_on: Mapped[date | None]

    certificate: Mapped[Certificate] = relationship(back_populates="units")

    @property
    def hours(self) -> int:
        return self.credits * HOURS_PER_CREDIT


class CertificateDocument(db.Model):
    """The PDF of a certificate in one language, kept so every download is the same file."""

    __tablename__ = "certificate_documents"

    certificate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    is_revoked_copy: Mapped[bool] = mapped_column(primary_key=True, default=False)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    certificate: Mapped[Certificate] = relationship(back_populates="documents")


class CertificateSequence(db.Model):
    """The last certificate number used in a year; its row is locked while a number is taken."""

    __tablename__ = "certificate_sequences"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class IssuerKey(db.Model):
    """A municipality's signing key for digital credentials, one per algorithm.

    RS256 signs what is issued now (Open Badges 3.0 asks for it); Ed25519 keys made before
    still verify what they signed. The private key is sealed with a key derived from the
    application's SECRET_KEY and never leaves the server; the public key is published in the
    municipality's JWKS and at its own address (the `kid` of a credential).
    """

    __tablename__ = "certificate_issuer_keys"
    __table_args__ = (
        sa.UniqueConstraint(
            "municipality_id", "algorithm", name="uq_certificate_issuer_keys_municipality_algorithm"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))
    algorithm: Mapped[str] = mapped_column(sa.String(10), default="RS256")
    kid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    sealed_private_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship()


class ReadyCase(db.Model):
    """An open case with units ready for a certificate, and how many: a current verified
    "achieved" decision names a unit that no valid certificate of the case states yet.

    Precomputed and kept in step by `app.certificates.readiness`: found live, the cases of one
    municipality took a pass over the whole region's decisions and certificates (100 ms of a
    coach's home page on 100 000 cases). The home page and the register read it by case.
    """

    __tablename__ = "certificate_ready_cases"

    case_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    units: Mapped[int]
