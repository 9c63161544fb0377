"""The words of a certificate in Swedish or English, from the one stored record."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _

from app.certificates.labels import REASON_LABELS, level_label
from app.certificates.models import Certificate
from app.certificates.numbering import group_code
from app.certificates.statement import Statement, UnitLine

LANGUAGES = ("sv", "en")


def long_date(value: date, language: str) -> str:
    """`22 november 2026` / `22 November 2026` (day first, as in Europe)."""
    return format_date(value, format="long", locale="en_GB" if language == "en" else language)


def outcome_sentence(text: str) -> str:
    """A learning outcome as a sentence: `kunna städa kontor` → `Kunna städa kontor.`"""
    text = " ".join((text or "").split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def total_text(credits: int) -> str:
    """`Totalt 7 poäng` / `Total 7 credits`."""
    return _("Total %(credits)s credits", credits=credits)


def hours_text(credits: int) -> str:
    """`Motsvarar 70 timmars lärande` / `Equal to 70 hours of learning`."""
    return _("Equal to %(hours)s hours of learning", hours=credits * 10)


def _units(certificate: Certificate) -> tuple[UnitLine, ...]:
    return tuple(
        UnitLine(
            code=unit.code,
            title=unit.title,
            level=level_label(unit.level),
            credits=str(unit.credits),
            outcomes=tuple(s for s in map(outcome_sentence, unit.outcomes or ()) if s),
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
    replaces = certificate.replaces or getattr(certificate, "preview_replaces", None)
    if replaces is None:
        return ()
    return (
        _(
            "This certificate replaces certificate %(number)s, which has been revoked.",
            number=replaces.number,
        ),
    )


def statement(
    certificate: Certificate,
    language: str,
    verify_url: str,
    *,
    lookup_url: str = "",
    logo: bytes | None = None,
    preview: bool = False,
) -> Statement:
    """Everything the certificate says, in `language` ("sv" or "en").

    `lookup_url` is the public form where the number and the short code are typed; `logo` the
    issuing municipality's logo; `preview` stamps it as a preview of a certificate not issued.
    """
    with force_locale(language):
        return _statement(certificate, language, verify_url, lookup_url, logo, preview)


def _statement(
    certificate: Certificate,
    language: str,
    verify_url: str,
    lookup_url: str,
    logo: bytes | None,
    preview: bool,
) -> Statement:
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
        total=total_text(certificate.total_credits),
        total_hours=hours_text(certificate.total_credits),
        issued=_(
            "Issued by %(issuer)s on %(date)s", issuer=certificate.issuer_name, date=issued_on
        ),
        signatures=_signatures(certificate),
        check_heading=_("Check this certificate"),
        check_text=_("Scan the code or open the address to see whether the certificate is valid."),
        number_label=_("Certificate number"),
        short_code=group_code(certificate.short_code) if certificate.short_code else "",
        short_code_label=_("Verification code"),
        lookup_text=_(
            "Or enter the certificate number and the verification code at %(address)s",
            address=lookup_url,
        )
        if lookup_url
        else "",
        logo=logo,
        page_label=_("Page"),
        notes=_notes(certificate),
        revoked=revocation_text(certificate, language) if certificate.is_revoked else None,
        revoked_stamp=_("REVOKED") if certificate.is_revoked else "",
        preview_stamp=_("PREVIEW") if preview else "",
        metadata={
            "title": f"{heading} {certificate.number} – {certificate.holder_name}",
            "author": certificate.issuer_name,
            "subject": f"{certificate.framework_name}, {details}",
            "keywords": f"{certificate.number}, Validera, OCN",
        },
    )
