"""The credentials follow Open Badges 3.0, checked by an independent implementation.

PyJWT (not joserfc, which signs them) verifies each VC-JWT with the key its `kid` header
dereferences to, fetched over HTTP from the application; the credential is then validated
with jsonschema against `ob_v3p0_achievementcredential_schema.json`, written for these tests
from the required properties of 1EdTech's Open Badges 3.0 data model.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import jwt
import pytest
from jsonschema import Draft202012Validator

from tests.certificates.factories import issue_for

SCHEMA = json.loads(
    (Path(__file__).with_name("ob_v3p0_achievementcredential_schema.json")).read_text("utf-8")
)


@pytest.fixture
def certificate(case, framework, world):
    return issue_for(case, world["coach"], framework.units)


def _download(client, certificate, unit=None) -> str:
    path = f"/certificates/{certificate.id}/credential.jwt"
    if unit is not None:
        path = f"/certificates/{certificate.id}/units/{unit.id}/credential.jwt"
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/jwt"
    return response.get_data(as_text=True)


def _dereference(client, kid: str) -> dict:
    """What a verifier does with the `kid`: GET it, and read a JWK."""
    address = urlsplit(kid)
    assert address.scheme in ("http", "https") and address.netloc
    response = client.get(address.path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/jwk+json")
    return response.get_json()


def _verify(client, token: str) -> dict:
    header = jwt.get_unverified_header(token)
    assert set(header) == {"alg", "typ", "kid"}  # the spec allows no other JOSE header
    assert header["alg"] == "RS256" and header["typ"] == "JWT"
    jwk = _dereference(client, header["kid"])
    assert "d" not in jwk and jwk["kty"] == "RSA" and jwk["kid"] == header["kid"]
    key = jwt.PyJWK(jwk, algorithm="RS256")
    return jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        options={"require": ["iss", "sub", "nbf", "jti"], "verify_aud": False},
    )


@pytest.mark.parametrize("whole", [True, False])
def test_an_issued_credential_verifies_independently_and_fits_the_schema(
    coach_client, certificate, whole
):
    token = _download(coach_client, certificate, None if whole else certificate.units[0])
    claims = _verify(coach_client, token)
    vc = claims["vc"]
    # The claims say what the credential says (OB 3.0, VC-JWT payload).
    assert claims["iss"] == vc["issuer"]["id"]
    assert claims["sub"] == vc["credentialSubject"]["id"]
    assert claims["jti"] == vc["id"]
    issued = datetime.strptime(vc["issuanceDate"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert claims["nbf"] == int(issued.timestamp())
    assert vc["@context"][:2] == [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(vc), key=lambda e: e.path)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_a_changed_credential_fails_the_independent_check(coach_client, certificate):
    token = _download(coach_client, certificate)
    header, payload, signature = token.split(".")
    i = len(payload) // 2
    forged = ".".join(
        [header, payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1 :], signature]
    )
    with pytest.raises(jwt.exceptions.PyJWTError):
        _verify(coach_client, forged)


def test_the_key_set_publishes_the_same_key(client, certificate, coach_client):
    token = _download(coach_client, certificate)
    kid = jwt.get_unverified_header(token)["kid"]
    code = certificate.municipality.code
    published = client.get(f"/.well-known/validera/{code}/jwks.json").get_json()
    assert kid in [key["kid"] for key in published["keys"]]
    assert all("d" not in key for key in published["keys"])


def test_a_key_of_another_municipality_or_unknown_is_not_found(client, certificate, world):
    home = certificate.municipality.code
    jwks = client.get(f"/.well-known/validera/{home}/jwks.json").get_json()
    thumbprint = urlsplit(jwks["keys"][0]["kid"]).path.rsplit("/", 1)[-1]
    assert client.get(f"/.well-known/validera/{home}/keys/{thumbprint}").status_code == 200
    assert (
        client.get(f"/.well-known/validera/{world.other.code}/keys/{thumbprint}").status_code == 404
    )
    assert client.get(f"/.well-known/validera/{home}/keys/nope").status_code == 404


def test_the_schema_refuses_what_the_spec_requires(certificate):
    from app.certificates.credentials import badge

    vc = badge.credential(certificate)
    assert not list(Draft202012Validator(SCHEMA).iter_errors(vc))
    for required in ("issuanceDate", "issuer", "credentialSubject", "name"):
        broken = {k: v for k, v in vc.items() if k != required}
        assert list(Draft202012Validator(SCHEMA).iter_errors(broken)), required
    wrong_context = {
        **vc,
        "@context": ["https://www.w3.org/ns/credentials/v2", *vc["@context"][1:]],
    }
    assert list(Draft202012Validator(SCHEMA).iter_errors(wrong_context))
