"""The WebAuthn ceremonies in plain Python (app/auth/ceremonies.py), against a software
authenticator that makes real "none" attestations and ES256 signatures
(tests/auth/authenticator.py): no app, no database, nothing of the webauthn library replaced."""

from __future__ import annotations

import json

import pytest
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from app.auth import ceremonies
from app.auth.vocab import FactorRefusal
from app.refusals import Refused
from tests.auth.authenticator import ORIGIN, SoftAuthenticator

pytestmark = pytest.mark.domain

RP = ceremonies.RelyingParty(id="localhost", origin=ORIGIN)
HANDLE = ceremonies.user_handle("a secret", 7)


def refusal(call, *args) -> FactorRefusal:
    with pytest.raises(Refused) as refused:
        call(*args)
    return refused.value.code


def registered(authenticator: SoftAuthenticator, rp=RP) -> ceremonies.Key:
    options, challenge = ceremonies.registration_options(rp, HANDLE, "a@b.se", "A B", [])
    answer = json.dumps(authenticator.register(options))
    return ceremonies.verify_registration(rp, challenge, answer)


def signed(authenticator, key, rp=RP) -> tuple[str, object]:
    options, challenge = ceremonies.authentication_options(rp, [key])
    return challenge, ceremonies.read_assertion(json.dumps(authenticator.sign(options)))


# --- the relying party and the options -------------------------------------------------------


@pytest.mark.parametrize(
    ("host_url", "rp_id", "origin", "expected"),
    [
        ("http://localhost:5000/", None, None, ("localhost", "http://localhost:5000")),
        ("https://Validera.Example/", None, None, ("validera.example", "https://Validera.Example")),
        (
            "http://10.0.0.5:8000/",
            "validera.example",
            "https://validera.example/",
            ("validera.example", "https://validera.example"),
        ),
    ],
)
def test_the_relying_party_is_the_requests_host_unless_configured(
    host_url, rp_id, origin, expected
):
    rp = ceremonies.relying_party(host_url, rp_id, origin)
    assert (rp.id, rp.origin) == expected and rp.name == "Validera"


def test_the_handle_is_the_same_for_an_account_and_says_nothing_about_it():
    assert ceremonies.user_handle("a secret", 7) == HANDLE
    assert ceremonies.user_handle("a secret", 8) != HANDLE
    assert ceremonies.user_handle("another secret", 7) != HANDLE
    assert len(HANDLE) == 32


def test_registration_options_ask_for_a_new_key_and_exclude_the_ones_kept():
    kept = ceremonies.Key(b"\x01" * 16, b"", 0, ("usb", "smoke signals"))
    options, challenge = ceremonies.registration_options(RP, HANDLE, "a@b.se", "A B", [kept])
    data = json.loads(options)
    assert data["rp"] == {"id": "localhost", "name": "Validera"}
    assert data["user"] == {
        "id": bytes_to_base64url(HANDLE),
        "name": "a@b.se",
        "displayName": "A B",
    }
    assert data["challenge"] == challenge and len(base64url_to_bytes(challenge)) >= 32
    assert data["attestation"] == "none"
    assert data["authenticatorSelection"]["userVerification"] == "preferred"
    assert data["authenticatorSelection"]["residentKey"] == "preferred"
    assert data["excludeCredentials"] == [
        {"id": bytes_to_base64url(kept.credential_id), "type": "public-key", "transports": ["usb"]}
    ]
    assert data["timeout"] == ceremonies.TIMEOUT_MS
    again = ceremonies.registration_options(RP, HANDLE, "a@b.se", "A B", [])[1]
    assert again != challenge  # a fresh challenge every time


# --- registration ----------------------------------------------------------------------------


def test_a_none_attestation_registers_the_key_with_its_public_key_and_transports():
    authenticator = SoftAuthenticator()
    key = registered(authenticator)
    assert key.credential_id == authenticator.credential_id
    assert key.public_key == authenticator.public_key()
    assert key.sign_count == 0 and key.transports == ("usb", "nfc")


def test_a_registration_for_another_challenge_site_or_origin_is_refused():
    authenticator = SoftAuthenticator()
    options, challenge = ceremonies.registration_options(RP, HANDLE, "a@b.se", "A B", [])
    other_challenge = ceremonies.registration_options(RP, HANDLE, "a@b.se", "A B", [])[1]
    answer = json.dumps(authenticator.register(options))
    assert refusal(ceremonies.verify_registration, RP, other_challenge, answer) == (
        FactorRefusal.PASSKEY_WRONG_CHALLENGE
    )
    phishing = json.dumps(authenticator.register(options, origin="https://va1idera.example"))
    assert refusal(ceremonies.verify_registration, RP, challenge, phishing) == (
        FactorRefusal.PASSKEY_NOT_VERIFIED
    )
    elsewhere = json.dumps(authenticator.register(options, rp_id="va1idera.example"))
    assert refusal(ceremonies.verify_registration, RP, challenge, elsewhere) == (
        FactorRefusal.PASSKEY_NOT_VERIFIED
    )
    # A sign-in answer offered as a registration.
    key = registered(authenticator)
    login = json.dumps(authenticator.sign(ceremonies.authentication_options(RP, [key])[0]))
    assert refusal(ceremonies.verify_registration, RP, challenge, login) == (
        FactorRefusal.PASSKEY_MALFORMED
    )


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (None, FactorRefusal.PASSKEY_NO_ANSWER),
        ({"id": "AA"}, FactorRefusal.PASSKEY_MALFORMED),  # not text at all
        ("", FactorRefusal.PASSKEY_NO_ANSWER),
        ("   ", FactorRefusal.PASSKEY_NO_ANSWER),
        ("{not json", FactorRefusal.PASSKEY_MALFORMED),
        ("[1, 2]", FactorRefusal.PASSKEY_MALFORMED),
        ('"a string"', FactorRefusal.PASSKEY_MALFORMED),
        ("{}", FactorRefusal.PASSKEY_MALFORMED),
        (_nested(100_000)[: ceremonies.MAX_ANSWER], FactorRefusal.PASSKEY_MALFORMED),
        ('{"a": "' + "Å" * ceremonies.MAX_ANSWER + '"}', FactorRefusal.PASSKEY_MALFORMED),
        (
            '{"id": "AA", "rawId": "!!", "type": "public-key", "response": '
            '{"clientDataJSON": "%%", "attestationObject": "e30"}}',
            FactorRefusal.PASSKEY_MALFORMED,
        ),
        (
            '{"id": "AA", "rawId": "AA", "type": "password", "response": '
            '{"clientDataJSON": "e30", "attestationObject": "e30"}}',
            FactorRefusal.PASSKEY_MALFORMED,
        ),
        (
            '{"id": "AA", "rawId": "AA", "type": "public-key", "response": '
            '{"clientDataJSON": "e30", "attestationObject": "e30"}}',
            FactorRefusal.PASSKEY_MALFORMED,  # clientDataJSON "{}": no challenge
        ),
    ],
)
def test_what_cannot_be_read_is_refused_with_a_reason_never_an_exception(answer, reason):
    challenge = ceremonies.registration_options(RP, HANDLE, "a@b.se", "A B", [])[1]
    assert refusal(ceremonies.verify_registration, RP, challenge, answer) == reason
    assert refusal(ceremonies.read_assertion, answer) in (reason, FactorRefusal.PASSKEY_MALFORMED)


def test_a_tampered_attestation_is_refused():
    authenticator = SoftAuthenticator()
    options, challenge = ceremonies.registration_options(RP, HANDLE, "a@b.se", "A B", [])
    answer = authenticator.register(options)
    answer["response"]["attestationObject"] = answer["response"]["attestationObject"][:-8]
    assert refusal(ceremonies.verify_registration, RP, challenge, json.dumps(answer)) == (
        FactorRefusal.PASSKEY_NOT_VERIFIED
    )
    answer = authenticator.register(options)
    answer["rawId"] = bytes_to_base64url(b"another id")
    assert refusal(ceremonies.verify_registration, RP, challenge, json.dumps(answer)) == (
        FactorRefusal.PASSKEY_NOT_VERIFIED
    )


# --- authentication --------------------------------------------------------------------------


def test_authentication_options_name_only_the_accounts_keys():
    key = ceremonies.Key(b"\x02" * 20, b"", 3, ("internal",))
    options, challenge = ceremonies.authentication_options(RP, [key])
    data = json.loads(options)
    assert data["rpId"] == "localhost" and data["challenge"] == challenge
    [allowed] = data["allowCredentials"]
    assert allowed == {
        "id": bytes_to_base64url(key.credential_id),
        "type": "public-key",
        "transports": ["internal"],
    }
    assert data["userVerification"] == "preferred"


def test_a_signature_by_the_key_verifies_and_the_counter_goes_up():
    authenticator = SoftAuthenticator()
    key = registered(authenticator)
    challenge, assertion = signed(authenticator, key)
    assert assertion.raw_id == key.credential_id
    assert ceremonies.verify_assertion(RP, challenge, assertion, key) == 1
    key = ceremonies.Key(key.credential_id, key.public_key, 1, key.transports)
    challenge, assertion = signed(authenticator, key)
    assert ceremonies.verify_assertion(RP, challenge, assertion, key) == 2


def test_a_counter_that_does_not_go_up_is_refused_and_a_key_without_one_is_accepted():
    authenticator = SoftAuthenticator()
    key = registered(authenticator)
    challenge, assertion = signed(authenticator, key)  # counter 1
    seen = ceremonies.Key(key.credential_id, key.public_key, 5, key.transports)
    assert refusal(ceremonies.verify_assertion, RP, challenge, assertion, seen) == (
        FactorRefusal.PASSKEY_COUNTER
    )
    same = ceremonies.Key(key.credential_id, key.public_key, 1, key.transports)
    assert refusal(ceremonies.verify_assertion, RP, challenge, assertion, same) == (
        FactorRefusal.PASSKEY_COUNTER
    )
    without = SoftAuthenticator(counter=None)
    key = registered(without)
    for _ in range(2):
        challenge, assertion = signed(without, key)
        assert ceremonies.verify_assertion(RP, challenge, assertion, key) == 0


def test_a_signature_by_another_key_or_for_another_ceremony_is_refused():
    authenticator = SoftAuthenticator()
    key = registered(authenticator)
    impostor = SoftAuthenticator(credential_id=authenticator.credential_id)  # same id, other key
    challenge, assertion = signed(impostor, key)
    assert refusal(ceremonies.verify_assertion, RP, challenge, assertion, key) == (
        FactorRefusal.PASSKEY_NOT_VERIFIED
    )
    old_challenge, _ = ceremonies.authentication_options(RP, [key])
    challenge, assertion = signed(authenticator, key)
    assert refusal(ceremonies.verify_assertion, RP, old_challenge, assertion, key) == (
        FactorRefusal.PASSKEY_WRONG_CHALLENGE
    )
    options, challenge = ceremonies.authentication_options(RP, [key])
    for answer in (
        authenticator.sign(options, origin="https://va1idera.example"),
        authenticator.sign(options, rp_id="va1idera.example"),
    ):
        assertion = ceremonies.read_assertion(json.dumps(answer))
        assert refusal(ceremonies.verify_assertion, RP, challenge, assertion, key) == (
            FactorRefusal.PASSKEY_NOT_VERIFIED
        )


def test_a_registration_answer_is_not_a_signature():
    authenticator = SoftAuthenticator()
    options, _ = ceremonies.registration_options(RP, HANDLE, "a@b.se", "A B", [])
    answer = json.dumps(authenticator.register(options))
    assert refusal(ceremonies.read_assertion, answer) == FactorRefusal.PASSKEY_MALFORMED
