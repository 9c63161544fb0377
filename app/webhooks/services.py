"""Operations on webhooks, for the administrators' pages and for the API alike:

    hook, secret = register_webhook(client, url, events, actor)   # the secret, to show once
    disable_webhook(hook, actor); enable_webhook(hook, actor); delete_webhook(hook, actor)
    send_again(delivery, actor)                                   # a failed delivery

(`actor`: the staff account that acts, or None when the API client acts itself: the API area
then writes its own audit line naming the client), and the seam the other areas call where
something happens (`publish`): one `webhook_deliveries` row per active webhook of the object's
municipality that asked for the event, written in the action's transaction; the job that POSTs
it is queued once that transaction commits, so an action rolled back sends nothing. They flush
and log, never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from flask import current_app

from app.audit import record
from app.db import utcnow
from app.extensions import db
from app.queue import enqueue_on_commit
from app.refusals import Refused
from app.webhooks import events as payloads
from app.webhooks import queries, tasks
from app.webhooks.addresses import url_refusal
from app.webhooks.models import Webhook, WebhookDelivery
from app.webhooks.sealing import seal
from app.webhooks.signing import new_secret
from app.webhooks.vocab import DeliveryState, Event, Refusal


def publish(event: Event, obj: Any, **extra: Any) -> list[WebhookDelivery]:
    """Tell the webhooks of `obj`'s municipality that asked for `event` (`extra`: what the
    event's data needs beside the object, e.g. a case's `previous` stage)."""
    hooks = [hook for hook in queries.listening(obj.municipality_id) if event in hook.event_list]
    if not hooks:
        return []
    data = payloads.data_of(event, obj, **extra)
    occurred, code = utcnow(), obj.municipality.code
    made = []
    for hook in hooks:
        event_id = f"evt_{uuid.uuid4().hex}"
        body = payloads.body(event_id, event, occurred, code, data)
        made.append(WebhookDelivery(webhook=hook, event_id=event_id, event=event, body=body))
    db.session.add_all(made)
    db.session.flush()
    for delivery in made:
        enqueue_on_commit(tasks.deliver, delivery.id)
    return made


def check_url(url: str) -> None:
    """Refuse (at the field `url`) an address Validera may not call (`addresses.py`)."""
    refusal = url_refusal(url, allow_private=current_app.config["WEBHOOK_ALLOW_PRIVATE"])
    if refusal is not None:
        raise Refused(refusal, field="url")


def register_webhook(client, url: str, events: Iterable[str], actor) -> tuple[Webhook, str]:
    """A new, active webhook of the API `client` for `events`; the webhook and its signing
    secret, which is kept sealed and shown this once."""
    if client.disabled_at is not None:
        raise Refused(Refusal.CLIENT_DISABLED, field="client")
    url = (url or "").strip()
    check_url(url)
    chosen = [event for event in Event if event in set(events or ())]
    if not chosen:
        raise Refused(Refusal.NO_EVENTS, field="events")
    secret = new_secret()
    hook = Webhook(
        client=client,
        url=url,
        events=" ".join(chosen),
        sealed_secret=seal(secret),
        created_by=actor,
    )
    db.session.add(hook)
    db.session.flush()
    _log("webhook.registered", hook, actor, events=hook.events)
    return hook, secret


def disable_webhook(hook: Webhook, actor) -> None:
    """Stop sending events to the webhook (those waiting are not sent either)."""
    if hook.disabled_at is None:
        hook.disabled_at = utcnow()
        db.session.flush()
        _log("webhook.disabled", hook, actor)


def enable_webhook(hook: Webhook, actor) -> None:
    """Send the webhook the events that happen from now on."""
    if hook.disabled_at is not None:
        check_url(hook.url)
        hook.disabled_at = None
        db.session.flush()
        _log("webhook.enabled", hook, actor)


def delete_webhook(hook: Webhook, actor) -> None:
    """Remove the webhook with its delivery log."""
    _log("webhook.deleted", hook, actor)
    db.session.delete(hook)
    db.session.flush()


def send_again(delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Queue a failed delivery again, with all its tries (the same id and body)."""
    if delivery.state is not DeliveryState.FAILED:
        raise Refused(Refusal.NOT_FAILED)
    delivery.state, delivery.attempts, delivery.next_attempt_at = (
        DeliveryState.WAITING,
        0,
        utcnow(),
    )
    db.session.flush()
    _log("webhook.sent_again", delivery.webhook, actor, delivery=delivery.event_id)
    enqueue_on_commit(tasks.deliver, delivery.id)
    return delivery


def _log(action: str, hook: Webhook, actor, **details: Any) -> None:
    record(
        action, hook, user=actor, details={"url": hook.url, "client": hook.api_client_id, **details}
    )
