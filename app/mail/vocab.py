"""The fixed vocabulary of mail (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class MailStatus(enum.StrEnum):
    """queued → sending → sent; back to queued while the SMTP server fails, failed after the
    last try (and queued again when an administrator sends it again)."""

    QUEUED = "queued"
    SENDING = "sending"  # taken by a worker, which is talking to the SMTP server
    SENT = "sent"
    FAILED = "failed"


class Refusal(enum.StrEnum):
    """Why sending a message again is refused (words: `labels.REFUSALS`)."""

    NOT_FAILED = "not_failed"
