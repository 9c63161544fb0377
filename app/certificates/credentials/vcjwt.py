"""Credentials signed as VC-JWT (JWS compact serialisation, RS256), and their checking.

As the Open Badges 3.0 JSON Web Token proof format sets it: the JOSE header holds `alg`
(RS256), `typ` ("JWT") and `kid`, the address of the public key as a JWK, and nothing else;
the claims are `iss` (the credential's issuer.id), `sub` (its credentialSubject.id), `nbf` (its
issuanceDate), `jti` (its id) and `vc`, the credential. RS256 (RSASSA-PKCS1-v1_5) signatures
are deterministic, so the same credential always downloads as the same token. Tokens signed
with Ed25519 before RS256 was used still check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError

from app.certificates import services
from app.certificates.credentials import badge, keys
from app.certificates.models import Certificate, CertificateUnit

MAX_TOKEN_LENGTH = 64 * 1024
COMPACT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
STATUS_PATH = re.compile(r"/verify/([A-Za-z0-9_-]{32})/status$")
ISSUER_PATH = re.compile(r"^https?://[^/?#]+/\.well-known/validera/(\d{4})/issuer$")


def sign(certificate: Certificate, unit: CertificateUnit | None = None, language: str = "sv"):
    """The credential for the unit (or the whole certificate) as a signed VC-JWT."""
    row = keys.issuer_key(certificate.municipality)
    vc = badge.credential(certificate, unit, language)
    claims = {
        "iss": vc["issuer"]["id"],
        "sub": vc["credentialSubject"]["id"],
        "jti": vc["id"],
        "nbf": badge.numeric_date(certificate.issued_at),
        "vc": vc,
    }
    header = {"alg": keys.ALGORITHM, "typ": "JWT", "kid": keys.key_url(row)}
    payload = json.dumps(claims, ensure_ascii=False, sort_keys=True).encode()
    return jws.serialize_compact(
        header, payload, keys.signing_key(row), algorithms=[keys.ALGORITHM]
    )


@dataclass(frozen=True)
class CredentialCheck:
    """The outcome of checking a pasted credential.

    `problem` names what failed (None when the signature and issuer hold); `certificate` is the
    certificate it belongs to, whose `is_revoked` decides between valid and revoked.
    """

    problem: str | None
    certificate: Certificate | None = None
    credential: dict[str, Any] | None = None

    @property
    def is_valid(self) -> bool:
        return self.problem is None and not self.certificate.is_revoked

    @property
    def is_revoked(self) -> bool:
        return self.problem is None and self.certificate.is_revoked


def _header(token: str) -> dict[str, Any] | None:
    try:
        return jws.extract_compact(token.encode()).headers()
    except (JoseError, ValueError, TypeError, UnicodeError):
        return None


def _verified_claims(token: str, row) -> dict[str, Any] | None:
    """The claims when the signature holds; None when it does not."""
    try:
        signed = jws.deserialize_compact(token, keys.verifying_key(row), algorithms=[row.algorithm])
        claims = json.loads(signed.payload)
    except (JoseError, ValueError, TypeError, UnicodeError):
        return None
    return claims if isinstance(claims, dict) else None


def _certificate_of(vc: dict[str, Any]) -> Certificate | None:
    status = vc.get("credentialStatus")
    status_id = status.get("id") if isinstance(status, dict) else None
    match = STATUS_PATH.search(status_id) if isinstance(status_id, str) else None
    return services.find_by_code(match.group(1)) if match else None


def _names_issuer(value: Any, municipality_code: str) -> bool:
    """True when `value` is the issuer id of that municipality, whatever host it was issued on."""
    match = ISSUER_PATH.search(value) if isinstance(value, str) else None
    return match is not None and match.group(1) == municipality_code


def _claims_match(claims: dict[str, Any], vc: dict[str, Any]) -> bool:
    """`jti`, `sub` and `nbf` say what the credential says (id, subject, issuanceDate).

    Tokens signed before `sub` was added (Ed25519) carry no `sub` and a `validFrom`.
    """
    subject = vc.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, dict) else None
    if claims.get("jti") != vc.get("id") or claims.get("sub") != subject_id:
        return False
    issued = vc.get("issuanceDate") or vc.get("validFrom")
    return isinstance(issued, str) and claims.get("nbf") == badge.parse_numeric_date(issued)


def _content_problem(claims: dict[str, Any], row) -> tuple[str | None, Certificate | None]:
    vc = claims.get("vc")
    if not isinstance(vc, dict):
        return "not_credential", None
    issuer = vc.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else None
    code = row.municipality.code
    if not (_names_issuer(claims.get("iss"), code) and issuer_id == claims.get("iss")):
        return "issuer_mismatch", None
    if not _claims_match(claims, vc):
        return "not_credential", None
    certificate = _certificate_of(vc)
    if certificate is None or certificate.municipality_id != row.municipality_id:
        return "unknown_certificate", None
    return None, certificate


def check(token: str) -> CredentialCheck:
    """Check a VC-JWT: its form, its issuer's key, its signature, then its certificate."""
    token = "".join((token or "").split())
    if not token:
        return CredentialCheck("empty")
    if len(token) > MAX_TOKEN_LENGTH or not COMPACT.match(token):
        return CredentialCheck("not_jwt")
    header = _header(token)
    if header is None:
        return CredentialCheck("not_jwt")
    if header.get("alg") not in keys.ALGORITHMS:
        return CredentialCheck("unsupported")
    row = keys.key_by_kid(header.get("kid"))
    if row is None or row.algorithm != header.get("alg"):
        return CredentialCheck("unknown_issuer")
    claims = _verified_claims(token, row)
    if claims is None:
        return CredentialCheck("bad_signature")
    problem, certificate = _content_problem(claims, row)
    return CredentialCheck(problem, certificate, claims.get("vc"))
