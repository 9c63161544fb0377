"""The fixed vocabularies of the auth area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class Refusal(enum.StrEnum):
    """Why a change to one's own account is refused (words: `labels.REFUSALS`)."""

    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason, not a password
