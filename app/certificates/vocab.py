"""The certificates area's vocabularies, in plain Python."""

from __future__ import annotations

import enum


class RevocationReason(enum.StrEnum):
    """Why a certificate was revoked (the category shown on the public verification page)."""

    ISSUED_IN_ERROR = "issued_in_error"
    WRONG_DETAILS = "wrong_details"
    DECISION_CHANGED = "decision_changed"
    MISCONDUCT = "misconduct"
    OTHER = "other"


class Refusal(enum.StrEnum):
    """Why issuing or revoking a certificate was refused (worded in `labels.REFUSALS`)."""

    NOTHING_TO_CERTIFY = "nothing_to_certify"
    REPLACES_NOT_REVOKED = "replaces_not_revoked"
    ALREADY_REPLACED = "already_replaced"
    ALREADY_REVOKED = "already_revoked"
    NOTE_REQUIRED = "note_required"
    LOGO_NOT_IMAGE = "logo_not_image"
    LOGO_TOO_LARGE = "logo_too_large"
