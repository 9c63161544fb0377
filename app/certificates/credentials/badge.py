"""A certificate as Open Badges 3.0 `OpenBadgeCredential`s (W3C Verifiable Credentials).

One credential per unit, or one for the whole certificate. Built from the certificate's own
record, so the credentials stay the same after the case is anonymised.

Open Badges 3.0 as 1EdTech published it builds on the Verifiable Credentials Data Model 1.1:
the contexts are https://www.w3.org/2018/credentials/v1 then the OB 3.0 context, the date of
issue is `issuanceDate`, and the holder has an id (`credentialSubject.id`, the JWT's `sub`):
a UUID URN of the certificate, which says nothing about who the holder is.
"""

from __future__ import annotations

import uuid
from calendar import timegm
from datetime import UTC, datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from app.certificates.labels import level_label
from app.certificates.models import Certificate, CertificateUnit
from app.certificates.services import public_url, verify_url
from app.certificates.wording import outcome_sentence

CONTEXT = [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
SSYK_URL = (
    "https://www.scb.se/dokumentation/klassifikationer-och-standarder/"
    "standard-for-svensk-yrkesklassificering-ssyk/"
)
STATUS_TYPE = "1EdTechRevocationList"


def issuer_id(municipality_code: str) -> str:
    """The issuer's identifier: its public profile."""
    return public_url("certificates.issuer_profile", municipality_code=municipality_code)


def numeric_date(moment: datetime) -> int:
    """A JWT NumericDate: seconds since 1970 (the stored times are UTC)."""
    return timegm(moment.utctimetuple())


def parse_numeric_date(text: str) -> int | None:
    """The NumericDate of an `issuanceDate` such as 2026-11-24T09:00:00Z, or None."""
    try:
        moment = datetime.strptime(text, DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return numeric_date(moment)


def issuer_profile(municipality) -> dict[str, Any]:
    """The issuing municipality as an Open Badges `Profile`: its proper name, and its logo."""
    profile = {
        "id": issuer_id(municipality.code),
        "type": ["Profile"],
        "name": municipality.display_name,
        "url": public_url("certificates.verify_form"),
    }
    if municipality.logo_type:
        logo = public_url("certificates.logo", municipality_code=municipality.code)
        profile["image"] = {"id": logo, "type": "Image"}
    return profile


def status_url(certificate: Certificate) -> str:
    """Where a verifier asks whether the certificate's credentials are revoked."""
    return public_url("certificates.status", code=certificate.verification_code)


def credential_id(certificate: Certificate, unit: CertificateUnit | None) -> str:
    """A stable identifier: the same credential always has the same id, on any host."""
    part = unit.code if unit is not None else "certificate"
    name = f"urn:validera:{certificate.number}:{certificate.verification_code}#{part}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def subject_id(certificate: Certificate) -> str:
    """The holder's id in the credentials of one certificate: stable, and anonymous."""
    name = f"urn:validera:{certificate.number}:{certificate.verification_code}#subject"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _alignment(certificate: Certificate) -> list[dict[str, Any]]:
    if not certificate.ssyk_code:
        return []
    return [
        {
            "type": ["Alignment"],
            "targetName": f"SSYK 2012 {certificate.ssyk_code}",
            "targetUrl": SSYK_URL,
            "targetCode": certificate.ssyk_code,
            "targetFramework": "SSYK 2012",
            "targetType": "ceterms:Occupation",
        }
    ]


def _framework_iri(certificate: Certificate) -> str:
    return f"urn:validera:framework:{certificate.framework_code}:v{certificate.framework_version}"


def _unit_achievement(certificate: Certificate, unit: CertificateUnit) -> dict[str, Any]:
    outcomes = "\n".join(f"- {outcome_sentence(text)}" for text in unit.outcomes or [])
    level = level_label(unit.level)
    return {
        "id": f"{_framework_iri(certificate)}:{unit.code}",
        "type": ["Achievement"],
        "achievementType": "Competency",
        "humanCode": unit.code,
        "name": unit.title,
        "description": _(
            "Unit %(code)s of the framework %(framework)s, version %(version)s: %(level)s, "
            "%(credits)s credits.",
            code=unit.code,
            framework=certificate.framework_name,
            version=certificate.framework_version,
            level=level,
            credits=unit.credits,
        ),
        "criteria": {"narrative": _("Learning outcomes shown in validation:") + "\n" + outcomes},
        "creditsAvailable": unit.credits,
        "fieldOfStudy": certificate.framework_name,
        "tag": [level],
        "alignment": _alignment(certificate),
    }


def _certificate_achievement(certificate: Certificate) -> dict[str, Any]:
    units = "\n".join(
        f"- {u.code} {u.title} ({level_label(u.level)}, {u.credits})" for u in certificate.units
    )
    return {
        "id": _framework_iri(certificate),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.framework_name,
        "description": _(
            "Units of the framework %(framework)s, version %(version)s, achieved in validation.",
            framework=certificate.framework_name,
            version=certificate.framework_version,
        ),
        "criteria": {"narrative": _("Units achieved (credits):") + "\n" + units},
        "creditsAvailable": certificate.total_credits,
        "fieldOfStudy": certificate.framework_name,
        "alignment": _alignment(certificate),
    }


def credential(
    certificate: Certificate, unit: CertificateUnit | None = None, language: str = "sv"
) -> dict[str, Any]:
    """The `OpenBadgeCredential` for one unit, or for the whole certificate."""
    with force_locale(language):
        if unit is None:
            achievement, credits = _certificate_achievement(certificate), certificate.total_credits
        else:
            achievement, credits = _unit_achievement(certificate, unit), unit.credits
        return {
            "@context": CONTEXT,
            "id": credential_id(certificate, unit),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": f"{certificate.number}: {achievement['name']}",
            "issuer": issuer_profile(certificate.municipality),
            "issuanceDate": certificate.issued_at.strftime(DATE_FORMAT),
            "credentialSubject": {
                "id": subject_id(certificate),
                "type": ["AchievementSubject"],
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityType": "name",
                        "hashed": False,
                        "identityHash": certificate.holder_name,
                    }
                ],
                "achievement": achievement,
                "creditsEarned": credits,
            },
            "evidence": [
                {
                    "id": verify_url(certificate),
                    "type": ["Evidence"],
                    "name": certificate.number,
                }
            ],
            "credentialStatus": {"id": status_url(certificate), "type": STATUS_TYPE},
        }
