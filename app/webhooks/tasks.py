"""The webhook jobs: POST one delivery, give again those whose worker died, prune the log.

A delivery is POSTed at most once per try: a worker takes its row (waiting, and its wait over)
in a commit of its own, POSTs the body with the signature of this try's timestamp, and writes
the answer in another commit. A 2xx answer is a delivery; any other answer (a redirect too: none
is followed), a timeout (WEBHOOK_TIMEOUT_SECONDS) or a connection error is tried again after
WEBHOOK_RETRY_SECONDS, then twice as long each time, WEBHOOK_RETRIES times; after the last try
the row is `failed`, and an administrator sees it in the webhook's delivery log and may send it
again. A delivered row is removed WEBHOOK_KEEP_DAYS after its delivery by the nightly
`prune_webhook_deliveries`. The retries are this module's own (not the queue's), so their
number and waits come from the configuration.
"""

from __future__ import annotations

import time
from datetime import timedelta

import requests
import sqlalchemy as sa
from flask import current_app

from app.db import utcnow
from app.extensions import db
from app.queue import crontab, enqueue, every_minute, job, periodic
from app.webhooks.addresses import url_refusal
from app.webhooks.models import WebhookDelivery
from app.webhooks.sealing import unseal
from app.webhooks.signing import signature
from app.webhooks.vocab import DeliveryState

USER_AGENT = "Validera-Webhooks/1"


def wait_before(attempt: int) -> timedelta:
    """How long to wait before try `attempt` + 1 after try `attempt` (1, 2, ...) failed."""
    return timedelta(seconds=current_app.config["WEBHOOK_RETRY_SECONDS"] * 2 ** (attempt - 1))


@job()
def deliver(delivery_id: int) -> None:
    """POST the delivery `delivery_id` to its webhook, unless it is done, failed or taken."""
    if not _claim(delivery_id):
        return
    delivery = db.session.get(WebhookDelivery, delivery_id)
    hook = delivery.webhook
    if hook.is_disabled or hook.client.disabled_at is not None:
        _finish(delivery, DeliveryState.FAILED, error="The webhook or its API client is disabled.")
        return
    url, body, event_id = hook.url, delivery.body, delivery.event_id
    secret = unseal(hook.sealed_secret)
    db.session.commit()  # no transaction (nor SQLite's write lock) is held while the POST waits
    status, error = _post(url, event_id, body, secret)
    if status is not None and 200 <= status < 300:
        _finish(delivery, DeliveryState.DELIVERED, status=status)
    else:
        _failed(delivery, status, error)


def _post(url: str, event_id: str, body: str, secret: str) -> tuple[int | None, str | None]:
    """POST `body`, signed for now; the answer's status code, or why there was none."""
    refused = url_refusal(url, allow_private=current_app.config["WEBHOOK_ALLOW_PRIVATE"])
    if refused is not None:  # its name points somewhere it may not, since it was registered
        return None, f"Refused address: {refused.value}"
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Webhook-Id": event_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": signature(secret, event_id, timestamp, body),
    }
    try:
        response = requests.post(
            url,
            data=body.encode(),
            headers=headers,
            timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"],
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    response.close()
    return response.status_code, None


def _claim(delivery_id: int) -> bool:
    """Take the row for this run: waiting and its wait over, or taken by a run that died."""
    now = utcnow()
    stale = now - current_app.config["JOBS_STALE_AFTER"]
    row = WebhookDelivery
    taken = db.session.execute(
        sa.update(row)
        .where(
            row.id == delivery_id,
            sa.or_(
                sa.and_(row.state == DeliveryState.WAITING, row.next_attempt_at <= now),
                sa.and_(row.state == DeliveryState.SENDING, row.claimed_at < stale),
            ),
        )
        .values(state=DeliveryState.SENDING, claimed_at=now, attempts=row.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return taken.rowcount == 1


def _finish(delivery, state: DeliveryState, *, status: int | None = None, error=None) -> None:
    delivery.state, delivery.last_status_code, delivery.last_error = state, status, error
    if state is DeliveryState.DELIVERED:
        delivery.delivered_at = utcnow()
    db.session.commit()


def _failed(delivery, status: int | None, error: str | None) -> None:
    """Note why the try failed; wait and try again, or give up after the last try."""
    if delivery.attempts > current_app.config["WEBHOOK_RETRIES"]:
        _finish(delivery, DeliveryState.FAILED, status=status, error=error)
        current_app.logger.warning("webhook delivery %s failed: %s", delivery.id, error or status)
        return
    wait = wait_before(delivery.attempts)
    delivery.next_attempt_at = utcnow() + wait
    _finish(delivery, DeliveryState.WAITING, status=status, error=error)
    enqueue(deliver, delivery.id, delay=wait.total_seconds())


@periodic(every_minute(), on_start=True)
def revive_webhook_deliveries() -> None:
    """Queue again the deliveries whose run died with its worker, or whose retry was lost."""
    stale = utcnow() - current_app.config["JOBS_STALE_AFTER"]
    row = WebhookDelivery
    lost = sa.select(row.id).where(
        sa.or_(
            sa.and_(row.state == DeliveryState.SENDING, row.claimed_at < stale),
            sa.and_(row.state == DeliveryState.WAITING, row.next_attempt_at < stale),
        )
    )
    for delivery_id in db.session.scalars(lost).all():
        enqueue(deliver, delivery_id)


@periodic(crontab(minute="50", hour="3"))
def prune_webhook_deliveries() -> None:
    """Remove the deliveries delivered more than WEBHOOK_KEEP_DAYS ago."""
    keep = timedelta(days=current_app.config["WEBHOOK_KEEP_DAYS"])
    removed = db.session.execute(
        sa.delete(WebhookDelivery).where(
            WebhookDelivery.state == DeliveryState.DELIVERED,
            WebhookDelivery.delivered_at < utcnow() - keep,
        )
    )
    db.session.commit()
    current_app.logger.info("%s delivered webhook deliveries removed", removed.rowcount)
