"""Passkeys and security keys (WebAuthn): the two ceremonies, in plain Python over the `webauthn`
package.

- *Registration*: the browser is given options (a fresh random challenge, the relying party, an
  opaque handle for the account, the keys it already has so that one is not added twice); the
  authenticator answers with a new credential, whose "none" attestation and public key are
  checked here. Only the public key (COSE), the credential's id, its signature counter and its
  transports are kept.
- *Authentication*: the browser is given a challenge and the account's own keys; the
  authenticator signs the challenge, and the signature is checked against the key kept.
- The relying party is the site's host name (the browser binds each key to it: a key made for
  one site is never offered to another) and its origin; user verification (a PIN, a fingerprint)
  is asked for where the authenticator has it, not required: the key is the second factor,
  beside the password.
- A signature counter that does not go up is refused (a copied authenticator shows itself that
  way); an authenticator that keeps no counter always says 0, and that is accepted.

What the browser sends is untrusted: anything that cannot be read, belongs to another ceremony
or does not verify is refused with a reason (`Refused`), never an exception of the library.
No Flask, no database: tested without an app (tests/auth/test_passkeys.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticationCredential,
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    RegistrationCredential,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from app.auth.vocab import FactorRefusal
from app.refusals import Refused

RP_NAME = "Validera"
TIMEOUT_MS = 120_000  # how long the browser gives the person to use the key
CEREMONY_SECONDS = 180  # how long the server waits for the answer (the browser's time and some)
MAX_ANSWER = 64 * 1024  # characters of JSON; a "none" attestation is well under 2 000
NAME_LENGTH = 60
MAX_KEYS = 10
TRANSPORTS = {transport.value for transport in AuthenticatorTransport}


@dataclass(frozen=True)
class RelyingParty:
    """The site the keys belong to: `id` is its host name, `origin` its scheme, host and port."""

    id: str
    origin: str
    name: str = RP_NAME


@dataclass(frozen=True)
class Key:
    """What a ceremony needs of a key: as kept, or as just registered."""

    credential_id: bytes
    public_key: bytes
    sign_count: int
    transports: tuple[str, ...] = ()


def relying_party(
    host_url: str, rp_id: str | None = None, origin: str | None = None
) -> RelyingParty:
    """The relying party of a request to `host_url` ("https://validera.example:8443/"), unless
    the configuration names its id or origin."""
    parts = urlsplit(host_url)
    return RelyingParty(
        id=(rp_id or parts.hostname or "").lower(),
        origin=(origin or f"{parts.scheme}://{parts.netloc}").rstrip("/"),
    )


def user_handle(app_secret: str, user_id: int) -> bytes:
    """The account's handle as authenticators keep it: the same for every key of the account,
    and saying nothing about the person (not their email, not the database's id)."""
    message = f"validera:webauthn:{user_id}".encode()
    return hmac.new(app_secret.encode(), message, hashlib.sha256).digest()


def _descriptors(keys: list[Key]) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=key.credential_id, transports=_transports(key) or None)
        for key in keys
    ]


def _transports(key: Key) -> list[AuthenticatorTransport]:
    return [AuthenticatorTransport(t) for t in key.transports if t in TRANSPORTS]


def registration_options(
    rp: RelyingParty, handle: bytes, user_name: str, display_name: str, keys: list[Key]
) -> tuple[str, str]:
    """The options for `navigator.credentials.create()` as JSON, and their challenge (base64url)
    to keep until the answer comes."""
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.name,
        user_id=handle,
        user_name=user_name,
        user_display_name=display_name,
        timeout=TIMEOUT_MS,
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(keys),
    )
    return options_to_json(options), bytes_to_base64url(options.challenge)


def authentication_options(rp: RelyingParty, keys: list[Key]) -> tuple[str, str]:
    """The options for `navigator.credentials.get()` as JSON (only these keys are asked for),
    and their challenge (base64url)."""
    options = generate_authentication_options(
        rp_id=rp.id,
        timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(keys),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return options_to_json(options), bytes_to_base64url(options.challenge)


def _read(answer: str | None) -> dict:
    """The browser's answer as a JSON object."""
    if not isinstance(answer, str | None):
        raise Refused(FactorRefusal.PASSKEY_MALFORMED)
    if not (answer or "").strip():
        raise Refused(FactorRefusal.PASSKEY_NO_ANSWER)
    if len(answer) > MAX_ANSWER:
        raise Refused(FactorRefusal.PASSKEY_MALFORMED)
    try:
        data = json.loads(answer)
    except (ValueError, RecursionError):
        raise Refused(FactorRefusal.PASSKEY_MALFORMED) from None
    if not isinstance(data, dict):
        raise Refused(FactorRefusal.PASSKEY_MALFORMED)
    return data


def _challenge_of(client_data_json: bytes) -> str | None:
    """The challenge the browser says it answered (base64url), or None when unreadable."""
    try:
        challenge = json.loads(client_data_json).get("challenge")
    except (ValueError, RecursionError, AttributeError):
        return None
    return challenge if isinstance(challenge, str) else None


def _same_challenge(client_data_json: bytes, expected: str) -> None:
    """Refuse an answer to another ceremony (another challenge) before checking anything else."""
    said = _challenge_of(client_data_json)
    if said is None:
        raise Refused(FactorRefusal.PASSKEY_MALFORMED)
    if not hmac.compare_digest(said.rstrip("=").encode(), expected.rstrip("=").encode()):
        raise Refused(FactorRefusal.PASSKEY_WRONG_CHALLENGE)


def read_registration(answer: str | None) -> RegistrationCredential:
    """The new credential the browser sent, readable or refused."""
    data = _read(answer)
    try:
        return parse_registration_credential_json(data)
    except Exception:  # untrusted input: whatever the parser raises means it cannot be read
        raise Refused(FactorRefusal.PASSKEY_MALFORMED) from None


def read_assertion(answer: str | None) -> AuthenticationCredential:
    """The signed answer the browser sent, readable or refused; `.raw_id` names the key."""
    data = _read(answer)
    try:
        return parse_authentication_credential_json(data)
    except Exception:  # untrusted input, as above
        raise Refused(FactorRefusal.PASSKEY_MALFORMED) from None


def verify_registration(rp: RelyingParty, challenge: str, answer: str | None) -> Key:
    """The key the browser registered, once its answer is checked against the ceremony's
    challenge, the relying party and its attestation."""
    credential = read_registration(answer)
    _same_challenge(credential.response.client_data_json, challenge)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
        )
    except Exception:  # untrusted input: the library raises more than its own exceptions
        raise Refused(FactorRefusal.PASSKEY_NOT_VERIFIED) from None
    transports = tuple(t.value for t in credential.response.transports or ())
    return Key(
        verified.credential_id, verified.credential_public_key, verified.sign_count, transports
    )


def verify_assertion(
    rp: RelyingParty, challenge: str, credential: AuthenticationCredential, key: Key
) -> int:
    """The key's new signature counter, once the answer (`read_assertion`) is checked: the
    ceremony's challenge, the relying party, the signature by `key`, and a counter that went up."""
    _same_challenge(credential.response.client_data_json, challenge)
    try:
        return _verified_count(rp, challenge, credential, key, key.sign_count)
    except Refused:
        # The same answer with the counter left out: if it verifies now, the signature is right
        # and the counter went back (a copied authenticator, or a replayed answer).
        _verified_count(rp, challenge, credential, key, 0)
        raise Refused(FactorRefusal.PASSKEY_COUNTER) from None


def _verified_count(
    rp: RelyingParty, challenge: str, credential: AuthenticationCredential, key: Key, count: int
) -> int:
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=key.public_key,
            credential_current_sign_count=count,
        )
    except Exception:  # untrusted input, as above
        raise Refused(FactorRefusal.PASSKEY_NOT_VERIFIED) from None
    return verified.new_sign_count
