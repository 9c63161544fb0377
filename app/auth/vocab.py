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


class FactorRefusal(enum.StrEnum):
    """Why a code for the second factor is not accepted (words: `labels.FACTOR_REFUSALS`)."""

    NOT_A_CODE = "not_a_code"
    WRONG_CODE = "wrong_code"
    CODE_USED = "code_used"
    NOT_STARTED = "not_started"
    ALREADY_ON = "already_on"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason, not a password
    STEP_EXPIRED = "step_expired"
    WRONG_SIGN_IN_CODE = "wrong_sign_in_code"


# What SECOND_FACTOR_REQUIRED may say besides a list of roles.
STAFF = "staff"  # every role but the employer's contact
EVERYONE = "all"
NOBODY = "none"
