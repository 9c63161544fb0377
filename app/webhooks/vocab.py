"""The fixed vocabulary of webhooks (plain enums; their words live in `labels.py`)."""

from __future__ import annotations

import enum


class Event(enum.StrEnum):
    """What a webhook may be told about; the value is the `type` of the POST's body."""

    REFERRAL_DECIDED = "referral.decided"  # accepted, rejected or returned for completion
    CASE_STAGE_CHANGED = "case.stage_changed"
    CERTIFICATE_ISSUED = "certificate.issued"
    CERTIFICATE_REVOKED = "certificate.revoked"


class DeliveryState(enum.StrEnum):
    """waiting → sending → delivered; back to waiting while the receiver fails, failed after
    the last try (and waiting again when an administrator sends it again)."""

    WAITING = "waiting"
    SENDING = "sending"  # taken by a worker, which is talking to the receiver
    DELIVERED = "delivered"
    FAILED = "failed"


class Refusal(enum.StrEnum):
    """Why registering a webhook or sending a delivery again is refused (`labels.REFUSALS`)."""

    URL_MALFORMED = "webhook_url_malformed"
    URL_NOT_HTTPS = "webhook_url_not_https"
    URL_UNRESOLVED = "webhook_url_unresolved"
    URL_PRIVATE = "webhook_url_private"
    NO_EVENTS = "webhook_no_events"
    CLIENT_DISABLED = "webhook_client_disabled"
    NOT_FAILED = "webhook_delivery_not_failed"
