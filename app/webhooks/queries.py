"""Reads for the webhook pages, the delivery job and the API."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.webhooks.models import Webhook, WebhookDelivery


def api_client_model() -> type:
    """The API area's client model, reached through the relationship: the API area imports
    this area's services, so importing its models here would make the areas a cycle."""
    return sa.inspect(Webhook).relationships["client"].mapper.class_


def listening(municipality_id: int) -> list[Webhook]:
    """The active webhooks of the municipality's active API clients."""
    query = sa.select(Webhook).where(
        Webhook.disabled_at.is_(None),
        Webhook.client.has(municipality_id=municipality_id, disabled_at=None),
    )
    return db.session.scalars(query.order_by(Webhook.id)).all()


def clients_of(municipality_id: int | None) -> list:
    """The municipality's API clients, by name (disabled ones too)."""
    client = api_client_model()
    query = sa.select(client).where(client.municipality_id == municipality_id)
    return db.session.scalars(query.order_by(client.name, client.id)).all()


def webhooks_of(municipality_id: int | None) -> list[Webhook]:
    """The webhooks of the municipality's API clients, by client, then in registration order."""
    client = api_client_model()
    query = (
        sa.select(Webhook)
        .join(Webhook.client)
        .where(client.municipality_id == municipality_id)
        .order_by(client.name, client.id, Webhook.id)
    )
    return db.session.scalars(query).all()


def deliveries_of(hook: Webhook) -> sa.Select:
    """The webhook's deliveries, newest first (for `db.paginate`)."""
    return (
        sa.select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == hook.id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    )
