"""Demo data of the API: one client of Härnösand with the secret the README gives."""

from __future__ import annotations

import sqlalchemy as sa

from app.api.models import ApiClient, digest
from app.api.services import register_client
from app.api.vocab import Scope
from app.extensions import db
from app.organisations.models import Municipality

CLIENT_ID = "harnosand-demo"
SECRET = "validera-demo-api-secret"  # noqa: S105 - the demo's, given in the README


def load() -> int:
    """The demo client (safe to run again); no accounts, so 0."""
    if db.session.scalar(sa.select(ApiClient).where(ApiClient.client_id == CLIENT_ID)):
        return 0
    town = db.session.scalar(sa.select(Municipality).where(Municipality.name == "Härnösand"))
    if town is None:
        return 0
    client, _secret = register_client(
        town, "Härnösand demo system", [str(s) for s in Scope], None, client_id=CLIENT_ID
    )
    client.secret_hash = digest(SECRET)
    db.session.flush()
    return 0
