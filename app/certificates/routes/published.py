"""What the certificates area publishes for machines: issuer profiles, keys, revocation status."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, jsonify

from app.certificates import bp, services
from app.certificates.credentials import badge, keys
from app.certificates.labels import REASON_LABELS
from app.certificates.routes.public import verify_limit
from app.extensions import db, limiter
from app.organisations.models import Municipality
from app.permissions import public


def _municipality(code: str) -> Municipality:
    found = db.session.scalar(sa.select(Municipality).where(Municipality.code == code))
    if found is None:
        abort(404)
    return found


def _json(document: dict, content_type: str = "application/json", cache: str = "no-cache"):
    response = jsonify(document)
    response.headers["Content-Type"] = content_type
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers fetch from anywhere
    response.headers["Cache-Control"] = cache
    return response


@bp.get("/.well-known/validera/<municipality_code>/jwks.json")
@public
def jwks(municipality_code: str):
    """The municipality's public signing keys (JWKS), for checking its credentials."""
    municipality = _municipality(municipality_code)
    return _json(keys.jwks(municipality), "application/jwk-set+json", "public, max-age=300")


@bp.get("/.well-known/validera/<municipality_code>/keys/<kid>")
@public
def public_key(municipality_code: str, kid: str):
    """One public signing key as a JWK: what a credential's `kid` header dereferences to."""
    municipality = _municipality(municipality_code)
    row = keys.key_by_kid(kid)
    if row is None or row.municipality_id != municipality.id:
        abort(404)
    return _json(keys.public_jwk(row), "application/jwk+json", "public, max-age=300")


@bp.get("/.well-known/validera/<municipality_code>/issuer")
@public
def issuer_profile(municipality_code: str):
    """The issuing municipality as an Open Badges issuer profile."""
    municipality = _municipality(municipality_code)
    return _json(badge.issuer_profile(municipality))


@bp.get("/verify/<code>/status")
@limiter.limit(verify_limit)
@public
def status(code: str):
    """The certificate's revocation list (1EdTech): its credentials, if it is revoked."""
    certificate = services.find_by_code(code)
    if certificate is None:
        abort(404)
    revoked = []
    if certificate.is_revoked:
        reason = str(REASON_LABELS[certificate.revocation_reason])
        ids = [badge.credential_id(certificate, None)]
        ids += [badge.credential_id(certificate, unit) for unit in certificate.units]
        revoked = [{"id": credential_id, "revocationReason": reason} for credential_id in ids]
    document = {
        "id": badge.status_url(certificate),
        "issuer": badge.issuer_id(certificate.municipality.code),
        "revokedCredentials": revoked,
    }
    return _json(document)


@bp.get("/certificates/logo/<municipality_code>")
@public
def logo(municipality_code: str):
    """The municipality's logo as its certificates show it (public, like the certificates)."""
    municipality = _municipality(municipality_code)
    if not municipality.logo_type or not municipality.logo:
        abort(404)
    response = Response(municipality.logo, mimetype=municipality.logo_type)
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
