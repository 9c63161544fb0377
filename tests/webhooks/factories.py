"""Factories for the webhooks area, importable by other areas' tests."""

from __future__ import annotations

import itertools
import secrets

from app.extensions import db
from app.webhooks import services
from app.webhooks.queries import api_client_model
from app.webhooks.vocab import Event

_numbers = itertools.count(1)


def make_client(municipality, name: str = "Ekonomisystemet", *, disabled_at=None):
    """An API client of `municipality` (its secret's hash is never used here)."""
    client = api_client_model()(
        municipality_id=municipality.id,
        name=name,
        client_id=f"test-client-{next(_numbers)}-{secrets.token_hex(4)}",
        secret_hash="not-used",
        scopes="cases:read",
        disabled_at=disabled_at,
    )
    db.session.add(client)
    db.session.flush()
    return client


def make_webhook(client, url: str, events=tuple(Event), actor=None):
    """A webhook of `client` for `events`; the webhook and its secret."""
    return services.register_webhook(client, url, [str(e) for e in events], actor)
