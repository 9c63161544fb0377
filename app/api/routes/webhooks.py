"""The client's own webhooks: registered, listed and removed by the client itself (the
municipality's administrator sees them, with their deliveries, under Administration)."""

from __future__ import annotations

from flask import abort

from app.api import bp, queries, schemas
from app.api.protocol import client, done, scope
from app.api.vocab import Scope
from app.webhooks.models import Webhook
from app.webhooks.services import delete_webhook, register_webhook


def _own(webhook_id: int) -> Webhook:
    """The calling client's webhook; 404 for any other, as for one that does not exist."""
    hook = queries.webhook_of_client(client(), webhook_id)
    if hook is None:
        abort(404)
    return hook


@bp.route("/webhooks", methods=["GET"])
@scope(Scope.WEBHOOKS_WRITE)
@bp.response(200, schemas.WebhookList)
def webhooks():
    """The client's webhooks, oldest first (their secrets are never shown again)."""
    return {"items": queries.webhooks_of_client(client())}


@bp.route("/webhooks", methods=["POST"])
@scope(Scope.WEBHOOKS_WRITE)
@bp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
@bp.arguments(schemas.WebhookIn)
@bp.response(201, schemas.WebhookCreated)
def create_webhook(data):
    """Register a URL for the events: the answer carries the signing secret, this once."""
    hook, secret = done(lambda: register_webhook(client(), data["url"], data["events"], None))
    hook.secret = secret  # not a column: the answer's, this once
    return hook


@bp.route("/webhooks/<int:webhook_id>", methods=["DELETE"])
@scope(Scope.WEBHOOKS_WRITE)
@bp.response(204)
@bp.alt_response(404, response="NOT_FOUND")
def remove_webhook(webhook_id: int):
    """Remove a webhook of the client's, with its delivery log."""
    hook = _own(webhook_id)
    done(lambda: delete_webhook(hook, None))
