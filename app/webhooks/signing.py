"""Signing a webhook's POST as Standard Webhooks does (plain Python).

The secret is `whsec_` and the base64 of 32 random bytes; the signature is HMAC-SHA256, keyed
with those bytes, over `<webhook-id>.<webhook-timestamp>.<body>`, sent base64-encoded as
`v1,<signature>` in the `Webhook-Signature` header. A receiver computes the same and compares
(README "Webhooks" shows it in Python).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh signing secret, to show once."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The `Webhook-Signature` header's value for this message."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, message_id: str, timestamp: int, body: str, header: str) -> bool:
    """True when one of the space-separated signatures in `header` is this message's."""
    expected = signature(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in header.split())
