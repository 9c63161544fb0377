"""The fixed vocabularies of the data-protection area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class Refusal(enum.StrEnum):
    """Why an erasure or a review of the log is refused (words: `labels.REFUSALS`)."""

    ANONYMISED = "anonymised"
    OPEN_CASE = "open_case"
    PENDING_REFERRAL = "pending_referral"
    ALREADY_REVIEWED = "already_reviewed"
    FUTURE_MONTH = "future_month"
