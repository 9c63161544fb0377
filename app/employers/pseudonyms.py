"""Stable pseudonyms for candidates: what employers call a person they may not yet name."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "K-"
LENGTH = 6  # hexadecimal digits


def pseudonym(secret: str, participant_id: int) -> str:
    """`K-7F3A9C`: a keyed hash of the participant id, the same on every page and visit.

    Keyed with the application's secret so that no one can compute it from an id.
    """
    digest = hmac.new(
        secret.encode(), f"candidate:{participant_id}".encode(), hashlib.sha256
    ).hexdigest()
    return PREFIX + digest[:LENGTH].upper()
