"""The fixed vocabularies of the auth area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class Refusal(enum.StrEnum):
    """Why a change to one's own account is refused (words: `labels.REFUSALS`)."""

    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason, not a password
    RESET_LINK_DEAD = "reset_link_dead"


class LinkProblem(enum.StrEnum):
    """Why a password-reset link cannot be used (words: `labels.LINK_PROBLEMS`)."""

    UNKNOWN = "unknown"  # no such link: mistyped, cut short or tampered with
    EXPIRED = "expired"
    USED = "used"  # used already, or the password has changed since it was sent
