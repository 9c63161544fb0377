"""Open Badges 3.0 credentials signed as VC-JWT: they verify, and tampering is caught."""

from __future__ import annotations

import base64
import json

import pytest
from joserfc import jws
from joserfc.jwk import KeySet

from app.certificates import services
from app.certificates.credentials import badge, keys, vcjwt
from app.certificates.models import IssuerKey
from app.certificates.vocab import RevocationReason
from app.certificates.wording import outcome_sentence
from app.extensions import db
from tests.certificates.factories import issue_for


@pytest.fixture
def certificate(case, framework, world):
    return issue_for(case, world["coach"], framework.units)


def _payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_a_unit_credential_is_an_open_badge(certificate, framework):
    unit = certificate.units[0]
    vc = _payload(vcjwt.sign(certificate, unit))["vc"]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["@context"][0] == "https://www.w3.org/2018/credentials/v1"
    assert vc["issuer"]["type"] == ["Profile"] and vc["issuer"]["name"] == certificate.issuer_name
    assert vc["issuanceDate"].endswith("Z")
    assert vc["credentialSubject"]["id"].startswith("urn:uuid:")
    achievement = vc["credentialSubject"]["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == unit.title
    assert achievement["creditsAvailable"] == unit.credits
    assert achievement["fieldOfStudy"] == certificate.framework_name
    assert outcome_sentence(unit.outcomes[0]) in achievement["criteria"]["narrative"]
    assert achievement["alignment"][0]["targetCode"] == framework.ssyk_code
    assert vc["credentialStatus"]["id"].endswith(f"/verify/{certificate.verification_code}/status")
    assert vc["credentialSubject"]["identifier"][0]["identityHash"] == "Åsa Öberg-Émile"


def test_the_whole_certificate_credential_sums_the_credits(certificate):
    vc = _payload(vcjwt.sign(certificate))["vc"]
    assert vc["credentialSubject"]["achievement"]["creditsAvailable"] == certificate.total_credits
    assert vc["credentialSubject"]["creditsEarned"] == certificate.total_credits


def test_a_credential_verifies(certificate):
    result = vcjwt.check(vcjwt.sign(certificate, certificate.units[1]))
    assert result.problem is None and result.is_valid
    assert result.certificate is certificate


def test_signing_is_deterministic(certificate):
    assert vcjwt.sign(certificate) == vcjwt.sign(certificate)


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    i = len(payload) // 2
    swapped = "B" if payload[i] != "B" else "C"
    return ".".join([header, payload[:i] + swapped + payload[i + 1 :], signature])


def test_one_changed_character_in_the_payload_fails(certificate):
    result = vcjwt.check(_tampered(vcjwt.sign(certificate)))
    assert result.problem == "bad_signature"
    assert not result.is_valid and not result.is_revoked


def test_a_changed_name_fails(certificate):
    header, payload, signature = vcjwt.sign(certificate).split(".")
    claims = _payload(vcjwt.sign(certificate))
    claims["vc"]["credentialSubject"]["identifier"][0]["identityHash"] = "Någon Annan"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert vcjwt.check(f"{header}.{forged}.{signature}").problem == "bad_signature"


def test_a_revoked_certificate_s_credential_says_revoked(certificate, world):
    token = vcjwt.sign(certificate)
    services.revoke_certificate(certificate, world["coach"], RevocationReason.OTHER, "Dubblett.")
    result = vcjwt.check(token)
    assert result.problem is None and result.is_revoked and not result.is_valid


@pytest.mark.parametrize(
    ("pasted", "problem"),
    [
        ("", "empty"),
        ("hello", "not_jwt"),
        ("a.b.c", "not_jwt"),
        ("x" * 70000, "not_jwt"),
        ('{"vc": {}}', "not_jwt"),
        ("eyJhbGciOiJub25lIn0.eyJ2YyI6e319.", "not_jwt"),
        ("eyJhbGciOiJub25lIn0.eyJ2YyI6e319.c2ln", "unsupported"),
        ("eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoibm9wZSJ9.eyJ2YyI6e319.c2ln", "unknown_issuer"),
        ("\u00e5\u00e4\u00f6.\u00e9.x", "not_jwt"),
        ("eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiYVx1MDAwMGIifQ.eyJ2YyI6e319.c2ln", "unknown_issuer"),
    ],
)
def test_garbage_is_refused_with_a_reason(app, pasted, problem):
    assert vcjwt.check(pasted).problem == problem


def test_another_issuers_signature_is_not_accepted(certificate, world):
    token = vcjwt.sign(certificate)
    other_key = keys.issuer_key(world.other)
    header, payload, _ = token.split(".")
    forged = jws.serialize_compact(
        {"alg": keys.ALGORITHM, "typ": "JWT", "kid": keys.key_url(other_key)},
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)),
        keys.signing_key(other_key),
        algorithms=[keys.ALGORITHM],
    )
    assert vcjwt.check(forged).problem == "issuer_mismatch"


def test_the_published_keys_verify_the_credential(coach_client, certificate):
    client = coach_client
    token = client.get(f"/certificates/{certificate.id}/credential.jwt").get_data(as_text=True)
    response = client.get(f"/.well-known/validera/{certificate.municipality.code}/jwks.json")
    assert response.status_code == 200
    published = response.get_json()
    assert all("d" not in key for key in published["keys"])  # no private half
    verified = jws.deserialize_compact(
        token, KeySet.import_key_set(published), algorithms=[keys.ALGORITHM]
    )
    issuer = json.loads(verified.payload)["iss"]
    assert issuer.endswith(f"/.well-known/validera/{certificate.municipality.code}/issuer")


def test_the_private_key_is_sealed(certificate):
    row = db.session.query(IssuerKey).one()  # one key: RS256
    assert b"PRIVATE KEY" not in row.sealed_private_key
    assert row.algorithm == "RS256"
    assert keys.signing_key(row).as_dict(private=False)["n"] == row.public_jwk["n"]


def test_a_credential_signed_with_the_earlier_ed25519_key_still_checks(certificate):
    """Before RS256, credentials were signed with Ed25519 and a bare thumbprint as kid."""
    from joserfc import jws as _jws

    legacy = keys.issuer_key(certificate.municipality, keys.LEGACY)
    claims = _payload(vcjwt.sign(certificate))
    token = _jws.serialize_compact(
        {"alg": keys.LEGACY, "typ": "JWT", "kid": legacy.kid},
        json.dumps(claims).encode(),
        keys.signing_key(legacy),
        algorithms=[keys.LEGACY],
    )
    result = vcjwt.check(token)
    assert result.problem is None and result.is_valid
    # The algorithm must be the key's own: an RS256 header on the Ed25519 key is refused.
    header = (
        base64.urlsafe_b64encode(
            json.dumps({"alg": "RS256", "typ": "JWT", "kid": legacy.kid}).encode()
        )
        .rstrip(b"=")
        .decode()
    )
    assert vcjwt.check(".".join([header, *token.split(".")[1:]])).problem == "unknown_issuer"


def test_the_issuer_profile_and_status_are_published(client, certificate, world):
    code = certificate.municipality.code
    profile = client.get(f"/.well-known/validera/{code}/issuer").get_json()
    assert profile["id"].endswith(f"/.well-known/validera/{code}/issuer")
    assert profile["name"] == certificate.issuer_name
    status_url = f"/verify/{certificate.verification_code}/status"
    assert client.get(status_url).get_json()["revokedCredentials"] == []
    services.revoke_certificate(certificate, world["coach"], RevocationReason.OTHER, "Dubblett.")
    db.session.commit()
    revoked = client.get(status_url).get_json()["revokedCredentials"]
    assert badge.credential_id(certificate, None) in [r["id"] for r in revoked]
    assert client.get("/.well-known/validera/0000/jwks.json").status_code == 404
