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
    """Why a code, a passkey or a change of the second factor is not accepted (words:
    `labels.FACTOR_REFUSALS`)."""

    NOT_A_CODE = "not_a_code"
    WRONG_CODE = "wrong_code"
    CODE_USED = "code_used"
    NOT_STARTED = "not_started"
    ALREADY_ON = "already_on"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason, not a password
    STEP_EXPIRED = "step_expired"
    WRONG_SIGN_IN_CODE = "wrong_sign_in_code"
    WRONG_RECOVERY_CODE = "wrong_recovery_code"  # an account without an app: recovery codes only
    # Passkeys and security keys (WebAuthn)
    PASSKEY_NO_ANSWER = "passkey_no_answer"  # the browser sent nothing (no script, no support)
    PASSKEY_MALFORMED = "passkey_malformed"  # what it sent cannot be read
    PASSKEY_EXPIRED = "passkey_expired"  # no ceremony begun, or begun too long ago
    PASSKEY_WRONG_CHALLENGE = "passkey_wrong_challenge"  # an answer to another ceremony
    PASSKEY_NOT_VERIFIED = "passkey_not_verified"  # signature, site or attestation do not hold
    PASSKEY_UNKNOWN = "passkey_unknown"  # a key that is not one of the account's
    PASSKEY_COUNTER = "passkey_counter"  # the signature counter went back: a copy, or a replay
    PASSKEY_TAKEN = "passkey_taken"  # the key is registered already
    PASSKEY_TOO_MANY = "passkey_too_many"


# What SECOND_FACTOR_REQUIRED may say besides a list of roles.
STAFF = "staff"  # every role but the employer's contact
EVERYONE = "all"
NOBODY = "none"
