"""Time-based one-time codes (TOTP, RFC 6238) and recovery codes, in plain Python.

- A secret is 32 base32 characters (160 bits), the size RFC 4226 recommends. At rest it is
  sealed with AES-256-GCM under a key derived from the application's secret (never the secret
  itself), with the account's id as associated data: a sealed secret copied to another account
  opens nothing.
- A code is six digits for a 30-second step; the step before and the step after are accepted
  too (a phone's clock a little off, a code typed as it changed), and no step at or before the
  last one used is accepted again, so an overheard code cannot be replayed.
- People type codes with spaces or dashes ("123 456", "123-456"); those are dropped.
- Recovery codes are ten random codes of ten characters from an alphabet without look-alikes
  (about 50 bits each), shown once as `abcde-fghij`; only their SHA-256 is kept (they are random,
  not chosen by people, so a fast hash is enough, as for session tokens).

No Flask, no database: tested without an app (tests/auth/test_totp.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

STEP = 30  # seconds
DIGITS = 6
WINDOW = 1  # steps accepted either side of the current one
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no i, l, o, 0, 1
RECOVERY_LENGTH = 10
ISSUER = "Validera"

# Whitespace of any kind (also the non-breaking space a copied code may carry) and dashes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
_CODE = re.compile(rf"[0-9]{{{DIGITS}}}")


def new_secret() -> str:
    """A new random base32 secret for an authenticator app."""
    return pyotp.random_base32(32)


def _key(app_secret: str) -> bytes:
    return hmac.new(app_secret.encode(), b"validera:totp-secret", hashlib.sha256).digest()


def seal(app_secret: str, user_id: int, secret: str) -> str:
    """The secret encrypted for storage (base64 of nonce and ciphertext)."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key(app_secret)).encrypt(nonce, secret.encode(), _bound(user_id))
    return base64.b64encode(nonce + sealed).decode()


def unseal(app_secret: str, user_id: int, stored: str) -> str | None:
    """The secret from its stored form; None when it does not open (another key or account)."""
    try:
        raw = base64.b64decode(stored, validate=True)
        return AESGCM(_key(app_secret)).decrypt(raw[:12], raw[12:], _bound(user_id)).decode()
    except (InvalidTag, binascii.Error, ValueError):
        return None


def _bound(user_id: int) -> bytes:
    return f"user:{user_id}".encode()


def provisioning_uri(secret: str, account: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalised(code: str | None) -> str:
    """The code as typed, without spaces and dashes, lower case."""
    return _SEPARATORS.sub("", code or "").lower()


def looks_like_totp(code: str | None) -> bool:
    """True when the code (normalised) is six digits."""
    return bool(_CODE.fullmatch(normalised(code)))


def time_step(now: datetime) -> int:
    """The 30-second step `now` (timezone-aware) falls in."""
    return int(now.timestamp()) // STEP


def code_at(secret: str, step: int) -> str:
    """The code of `secret` for time step `step`."""
    return pyotp.TOTP(secret).generate_otp(step)


def matching_step(secret: str, code: str | None, now: datetime, last_step: int | None) -> int:
    """The time step the code belongs to, within the window around `now`.

    0 when the code matches no step of the window; -1 when it matches a step already used (at or
    before `last_step`)."""
    typed = normalised(code)
    if not _CODE.fullmatch(typed):
        return 0
    current = time_step(now)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if hmac.compare_digest(code_at(secret, step), typed):
            return -1 if last_step is not None and step <= last_step else step
    return 0


def new_recovery_codes() -> list[str]:
    """Ten new recovery codes, as shown to the person (`abcde-fghij`)."""
    half = RECOVERY_LENGTH // 2
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:half]}-{raw[half:]}")
    return codes


def recovery_hash(code: str | None) -> str:
    """What is kept of a recovery code: the SHA-256 of its normalised form."""
    return hashlib.sha256(normalised(code).encode()).hexdigest()
