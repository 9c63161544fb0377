"""Each municipality's Ed25519 signing key, and its public JWKS.

A key is made when the municipality issues its first certificate and kept in
`certificate_issuer_keys`. The private half is sealed (Fernet) with a key derived from the
application's SECRET_KEY, so a copy of the database alone cannot sign credentials; the same
SECRET_KEY must therefore be kept on every app machine and across deploys (see README).
"""

from __future__ import annotations

import base64
import re

import sqlalchemy as sa
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from joserfc.jwk import OKPKey
from sqlalchemy.exc import IntegrityError

from app.certificates.models import IssuerKey
from app.extensions import db

CURVE = "Ed25519"
ALGORITHM = "Ed25519"  # the fully specified JOSE name for EdDSA over Ed25519 (RFC 9864)
KID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _sealer() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"validera", info=b"certificate issuer keys"
    ).derive(secret)
    return Fernet(base64.urlsafe_b64encode(derived))


def _key_of(municipality) -> IssuerKey | None:
    query = sa.select(IssuerKey).where(IssuerKey.municipality_id == municipality.id)
    return db.session.scalar(query)


def issuer_key(municipality) -> IssuerKey:
    """The municipality's key, made on first use (safe when two people issue at once)."""
    existing = _key_of(municipality)
    if existing is not None:
        return existing
    private = OKPKey.generate_key(CURVE)
    kid = private.thumbprint()
    public = {**private.as_dict(private=False), "kid": kid, "alg": ALGORITHM, "use": "sig"}
    row = IssuerKey(
        municipality_id=municipality.id,
        kid=kid,
        public_jwk=public,
        sealed_private_key=_sealer().encrypt(private.as_pem(private=True)),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return _key_of(municipality)  # another request made it first
    return row


def key_by_kid(kid: str) -> IssuerKey | None:
    """The stored key with this key id, if any (a key id is a base64url thumbprint)."""
    if not isinstance(kid, str) or not KID.match(kid):
        return None
    return db.session.scalar(sa.select(IssuerKey).where(IssuerKey.kid == kid))


def signing_key(row: IssuerKey) -> OKPKey:
    """The private key, unsealed for signing."""
    return OKPKey.import_key(_sealer().decrypt(row.sealed_private_key))


def verifying_key(row: IssuerKey) -> OKPKey:
    """The public key."""
    return OKPKey.import_key({k: v for k, v in row.public_jwk.items() if k in ("kty", "crv", "x")})


def jwks(municipality) -> dict:
    """The municipality's public keys as a JSON Web Key Set."""
    row = _key_of(municipality)
    return {"keys": [row.public_jwk] if row is not None else []}
