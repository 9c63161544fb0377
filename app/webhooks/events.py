"""What each event tells a webhook (plain Python over the objects the services pass).

Only ids and statuses: never a name, a personal number or the text of a journal or a reason.
A receiver that needs more asks the API, which applies its scopes and logs the read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from app.webhooks.vocab import Event


def _value(status: Any) -> str | None:
    return None if status is None else str(getattr(status, "value", status))


def _referral(referral: Any, **extra: Any) -> dict[str, Any]:
    case = referral.case
    return {
        "referral_id": referral.id,
        "status": _value(referral.status),
        "case_id": case.id if case is not None else None,
    }


def _case(case: Any, *, previous: Any = None, **extra: Any) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "stage": _value(case.stage),
        "previous_stage": _value(previous),
        "referral_id": case.referral_id,
    }


def _certificate(certificate: Any, **extra: Any) -> dict[str, Any]:
    return {
        "certificate_id": certificate.id,
        "case_id": certificate.case_id,
        "status": "revoked" if certificate.revoked_at is not None else "issued",
    }


DATA: dict[Event, Callable[..., dict[str, Any]]] = {
    Event.REFERRAL_DECIDED: _referral,
    Event.CASE_STAGE_CHANGED: _case,
    Event.CERTIFICATE_ISSUED: _certificate,
    Event.CERTIFICATE_REVOKED: _certificate,
}


def data_of(event: Event, obj: Any, **extra: Any) -> dict[str, Any]:
    """The `data` of the event's body: the object's ids and status."""
    return DATA[event](obj, **extra)


def body(event_id: str, event: Event, occurred_at: datetime, municipality: str, data: dict) -> str:
    """The POST's body, exactly as it is signed and sent (and sent again on each try)."""
    when = occurred_at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    document = {
        "id": event_id,
        "type": event.value,
        "occurred_at": when,
        "municipality": municipality,
        "data": data,
    }
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)
