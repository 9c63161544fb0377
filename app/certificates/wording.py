"""The words of a certificate in Swedish or English, from the one stored record."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _

from app.certificates.labels import REASON_LABELS, level_label
from app.certificates.models import Certificate
from app.certificates.statement import Statement, UnitLine

LANGUAGES = ("sv", "en")


def long_date(value: date, language: str) -> str:
    """`22 november 2026` / `22 November 2026` (day first, as in Europe)."""
    return format_date(value, format="long", locale="en_GB" if language == "en" else language)


def credits_text(credits: int) -> str:
    return _("%(credits)s credits (%(hours)s hours)", credits=credits, hours=credits * 10)


def _units(certificate: Certificate) -> tuple[UnitLine, ...]:
    return tuple(
        UnitLine(
            code=unit.code,
            title=unit.title,
            level=level_label(unit.level),
            credits=str(unit.credits),
            outcomes=tuple(unit.outcomes or ()),
        )
        for unit in certificate.units
    )


def _signatures(certificate: Certificate) -> tuple[tuple[str, str], ...]:
    verifiers = certificate.verifier_names
    sampled = any(unit.verifier_name is None for unit in certificate.units)
    if sampled:
        verifiers = [*verifiers, _("internal quality assurance by sampling")]
    return (
        (
            _("Assessor") if len(certificate.assessor_names) < 2 else _("Assessors"),
            ", ".join(certificate.assessor_names),
        ),
        (_("Internal verifier"), ", ".join(verifiers)),
    )


def revocation_text(certificate: Certificate, language: str) -> str:
    """`Revoked on 22 November 2026: Issued in error.`"""
    return _(
        "Revoked on %(date)s: %(reason)s.",
        date=long_date(certificate.revoked_at.date(), language),
        reason=REASON_LABELS[certificate.revocation_reason],
    )


def _notes(certificate: Certificate) -> tuple[str, ...]:
    if certificate.replaces is None:
        return ()
    return (
        _(
            "This certificate replaces certificate %(number)s, which has been revoked.",
            number=certificate.replaces.number,
        ),
    )


def statement(certificate: Certificate, language: str, verify_url: str) -> Statement:
    """Everything the certificate says, in `language` ("sv" or "en")."""
    with force_locale(language):
        return _statement(certificate, language, verify_url)


def _statement(certificate: Certificate, language: str, verify_url: str) -> Statement:
    issued_on = long_date(certificate.issued_at.date(), language)
    born = certificate.birth_date
    details = _("Version %(version)s", version=certificate.framework_version)
    if certificate.ssyk_code:
        details += " · " + _("Occupation code (SSYK 2012) %(code)s", code=certificate.ssyk_code)
    heading = _("Certificate of competence")
    return Statement(
        language=language,
        number=certificate.number,
        verify_url=verify_url,
        issued_at=certificate.issued_at,
        issuer=certificate.issuer_name,
        heading=heading,
        subheading=_("Validation of prior learning in the OCN model"),
        certify=_("This is to certify that"),
        holder_name=certificate.holder_name,
        born=_("born %(date)s", date=long_date(born, language)) if born else "",
        shown=_(
            "has, through validation, shown the knowledge and skills described in the "
            "following units of the framework"
        ),
        framework=certificate.framework_name,
        framework_details=details,
        columns=(_("Unit"), _("Level"), _("Credits")),
        units=_units(certificate),
        outcomes_label=_("Learning outcomes"),
        total_label=_("Total"),
        total=credits_text(certificate.total_credits),
        issued=_(
            "Issued by %(issuer)s on %(date)s", issuer=certificate.issuer_name, date=issued_on
        ),
        signatures=_signatures(certificate),
        check_heading=_("Check this certificate"),
        check_text=_("Scan the code or open the address to see whether the certificate is valid."),
        number_label=_("Certificate number"),
        page_label=_("Page"),
        notes=_notes(certificate),
        revoked=revocation_text(certificate, language) if certificate.is_revoked else None,
        revoked_stamp=_("REVOKED") if certificate.is_revoked else "",
        metadata={
            "title": f"{heading} {certificate.number} – {certificate.holder_name}",
            "author": certificate.issuer_name,
            "subject": f"{certificate.framework_name}, {details}",
            "keywords": f"{certificate.number}, Validera, OCN",
        },
    )
