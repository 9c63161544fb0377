"""Each municipality's signing keys, published as JWKs, and their key ids.

A key is made when the municipality issues its first certificate and kept in
`certificate_issuer_keys`, one per algorithm: RS256 (RSA 2048), which Open Badges 3.0 requires
every verifier to support, signs what is issued now; an Ed25519 key made before RS256 was used
still verifies the credentials it signed. The private half is sealed (Fernet) with a key derived
from the application's SECRET_KEY, so a copy of the database alone cannot sign credentials; the
same SECRET_KEY must therefore be kept on every app machine and across deploys (see README).

A credential's `kid` is the address of its key (`key_url`), which answers with the public JWK,
as the Open Badges 3.0 VC-JWT proof format asks (a URI dereferenced to a JWK). The stored `kid`
is the key's RFC 7638 thumbprint, the last part of that address.
"""

from __future__ import annotations

import base64
import re

import sqlalchemy as sa
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from joserfc.jwk import OKPKey, RSAKey
from sqlalchemy.exc import IntegrityError

from app.certificates.models import IssuerKey
from app.extensions import db

ALGORITHM = "RS256"  # what new credentials are signed with
LEGACY = "Ed25519"  # the fully specified JOSE name for EdDSA over Ed25519 (RFC 9864)
ALGORITHMS = (ALGORITHM, LEGACY)  # what a check accepts
RSA_BITS = 2048
KID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
KEY_PATH = re.compile(r"^https?://[^/?#]+/\.well-known/validera/\d{4}/keys/([A-Za-z0-9_-]{1,64})$")
PUBLIC_MEMBERS = {"RSA": ("kty", "n", "e"), "OKP": ("kty", "crv", "x")}


def _sealer() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"validera", info=b"certificate issuer keys"
    ).derive(secret)
    return Fernet(base64.urlsafe_b64encode(derived))


def _key_of(municipality, algorithm: str = ALGORITHM) -> IssuerKey | None:
    query = sa.select(IssuerKey).where(
        IssuerKey.municipality_id == municipality.id, IssuerKey.algorithm == algorithm
    )
    return db.session.scalar(query)


def _generate(algorithm: str):
    if algorithm == ALGORITHM:
        return RSAKey.generate_key(RSA_BITS)
    return OKPKey.generate_key("Ed25519")


def issuer_key(municipality, algorithm: str = ALGORITHM) -> IssuerKey:
    """The municipality's key for `algorithm`, made on first use (safe when two issue at once)."""
    existing = _key_of(municipality, algorithm)
    if existing is not None:
        return existing
    private = _generate(algorithm)
    kid = private.thumbprint()
    public = {**private.as_dict(private=False), "kid": kid, "alg": algorithm, "use": "sig"}
    row = IssuerKey(
        municipality_id=municipality.id,
        algorithm=algorithm,
        kid=kid,
        public_jwk=public,
        sealed_private_key=_sealer().encrypt(private.as_pem(private=True)),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return _key_of(municipality, algorithm)  # another request made it first
    return row


def key_url(row: IssuerKey) -> str:
    """The address of the key's public JWK: the `kid` a credential's header carries."""
    from app.certificates.services import public_url

    return public_url(
        "certificates.public_key", municipality_code=row.municipality.code, kid=row.kid
    )


def thumbprint_of(kid) -> str | None:
    """The stored key id named by a header's `kid`: the key's address, or a bare thumbprint."""
    if not isinstance(kid, str):
        return None
    match = KEY_PATH.match(kid)
    if match:
        return match.group(1)
    return kid if KID.match(kid) else None


def key_by_kid(kid) -> IssuerKey | None:
    """The stored key that a header's `kid` names, if any."""
    thumbprint = thumbprint_of(kid)
    if thumbprint is None:
        return None
    return db.session.scalar(sa.select(IssuerKey).where(IssuerKey.kid == thumbprint))


def signing_key(row: IssuerKey):
    """The private key, unsealed for signing."""
    pem = _sealer().decrypt(row.sealed_private_key)
    return RSAKey.import_key(pem) if row.algorithm == ALGORITHM else OKPKey.import_key(pem)


def public_jwk(row: IssuerKey) -> dict:
    """The public key as published: its members, `alg`, `use`, and its address as `kid`."""
    return {**row.public_jwk, "kid": key_url(row)}


def verifying_key(row: IssuerKey):
    """The public key."""
    members = PUBLIC_MEMBERS[row.public_jwk["kty"]]
    value = {k: v for k, v in row.public_jwk.items() if k in members}
    return RSAKey.import_key(value) if value["kty"] == "RSA" else OKPKey.import_key(value)


def jwks(municipality) -> dict:
    """The municipality's public keys as a JSON Web Key Set."""
    query = sa.select(IssuerKey).where(IssuerKey.municipality_id == municipality.id)
    rows = db.session.scalars(query.order_by(IssuerKey.id)).all()
    return {"keys": [public_jwk(row) for row in rows]}
