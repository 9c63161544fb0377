"""What employers call a person they may not yet name, and how their links name that person.

Both are per person *and* employer organisation, so that two employers cannot tell they look at
the same person, and both are computed from the ids with keys derived from the application's
secret, so that they stay the same across visits and no one without the secret can compute or
reverse them:

- the pseudonym (`K-7F3A9C`), shown on pages, is a keyed hash (HMAC-SHA256);
- the token in a candidate's URL is the participant id encrypted with AES-SIV (deterministic
  authenticated encryption) and the employer id as associated data: it decrypts only for that
  employer, so a token copied to another employer, altered or guessed resolves to nothing.

Plain Python: no Flask, no database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

PREFIX = "K-"
LENGTH = 6  # hexadecimal digits
TOKEN_LENGTH = 32  # base64url characters: a 16-byte tag and the 8-byte id
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")
_ID = struct.Struct(">Q")


def pseudonym(secret: str, employer_id: int, participant_id: int) -> str:
    """`K-7F3A9C`: the same for one employer on every page and visit, unrelated across
    employers."""
    message = f"candidate:{employer_id}:{participant_id}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return PREFIX + digest[:LENGTH].upper()


@lru_cache(maxsize=4)
def _cipher(secret: str) -> AESSIV:
    """AES-256-SIV under a key of its own, derived from the secret (never the secret itself)."""
    key = hmac.new(secret.encode(), b"validera:candidate-token", hashlib.sha512).digest()
    return AESSIV(key)


def _employer(employer_id: int) -> list[bytes]:
    return [f"employer:{employer_id}".encode()]


def candidate_token(secret: str, employer_id: int, participant_id: int) -> str:
    """The opaque, stable token that names the participant in this employer's URLs."""
    sealed = _cipher(secret).encrypt(_ID.pack(participant_id), _employer(employer_id))
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def participant_of(secret: str, employer_id: int, token: str) -> int | None:
    """The participant id a token of this employer names; None for anything else."""
    if not _TOKEN.fullmatch(token):
        return None
    try:
        sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        (participant_id,) = _ID.unpack(_cipher(secret).decrypt(sealed, _employer(employer_id)))
    except (InvalidTag, binascii.Error, struct.error):
        return None
    return participant_id
