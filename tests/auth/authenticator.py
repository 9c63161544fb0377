"""A software authenticator for the tests: a real ES256 key pair (cryptography), a real "none"
attestation and real signatures, made from the options the server sends, as a security key
would. Nothing of the webauthn library is replaced: the server checks these answers as it checks
a browser's.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.encode_cbor import encode_cbor

ORIGIN = "http://localhost"  # the test client's requests go to http://localhost/
UP, UV, AT = 0x01, 0x04, 0x40  # flags: user present, user verified, attested credential data


def _options(options: str | dict) -> dict:
    return json.loads(options) if isinstance(options, str) else options


@dataclass
class SoftAuthenticator:
    """One credential on one authenticator; `counter` is its signature counter (None: it keeps
    none and always says 0)."""

    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    counter: int | None = 0
    transports: tuple[str, ...] = ("usb", "nfc")
    rp_id: str | None = None  # the relying party it registered with

    def public_key(self) -> bytes:
        """The public key as a COSE_Key (EC2, P-256, ES256)."""
        numbers = self.private_key.public_key().public_numbers()
        return encode_cbor(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _auth_data(self, rp_id: str, flags: int) -> bytes:
        count = 0 if self.counter is None else self.counter
        return hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", count)

    def _client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        data = {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        return json.dumps(data).encode()

    def register(
        self, options: str | dict, origin: str = ORIGIN, *, rp_id: str | None = None
    ) -> dict:
        """The browser's JSON answer to `navigator.credentials.create(options)`."""
        options = _options(options)
        self.rp_id = rp_id or options["rp"]["id"]
        attested = (
            bytes(16)  # AAGUID: none given, as with a "none" attestation
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self.public_key()
        )
        auth_data = self._auth_data(self.rp_id, UP | UV | AT) + attested
        attestation = encode_cbor({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {
            "id": bytes_to_base64url(self.credential_id),
            "rawId": bytes_to_base64url(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "authenticatorAttachment": "cross-platform",
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "attestationObject": bytes_to_base64url(attestation),
                "transports": list(self.transports),
            },
        }

    def sign(self, options: str | dict, origin: str = ORIGIN, *, rp_id: str | None = None) -> dict:
        """The browser's JSON answer to `navigator.credentials.get(options)`, if this key is one
        the options allow (else AssertionError: a browser would not offer it)."""
        options = _options(options)
        allowed = [base64url_to_bytes(c["id"]) for c in options.get("allowCredentials", [])]
        assert not allowed or self.credential_id in allowed, "the server did not ask for this key"
        if self.counter is not None:
            self.counter += 1
        auth_data = self._auth_data(rp_id or options["rpId"], UP | UV)
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": bytes_to_base64url(self.credential_id),
            "rawId": bytes_to_base64url(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth_data),
                "signature": bytes_to_base64url(signature),
                "userHandle": None,
            },
        }

    def sign_unasked(self, options: str | dict, origin: str = ORIGIN) -> dict:
        """An answer signed by this key whatever the options ask for (a key not registered to
        the account, offered anyway)."""
        options = {**_options(options), "allowCredentials": []}
        return self.sign(options, origin)
