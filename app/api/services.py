"""Registering API clients and what a client sends: operations that flush and log, never
commit."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa

from app.api.models import ApiClient, ApiToken, digest
from app.api.vocab import Refusal, Scope
from app.audit import record
from app.cases.services.referrals import refer
from app.db import utcnow
from app.extensions import db
from app.frameworks.services import import_framework
from app.organisations.models import Municipality
from app.refusals import Refused


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def _client_id(name: str) -> str:
    """A readable, unique client id: the name's letters and a random tail."""
    stem = "".join(c if c.isascii() and c.isalnum() else "-" for c in name.lower()).strip("-")
    return f"{stem[:40] or 'client'}-{secrets.token_hex(4)}"


def register_client(
    municipality: Municipality, name: str, scopes: list[str], actor, client_id: str | None = None
) -> tuple[ApiClient, str]:
    """A new client of the municipality and its secret (shown once; only its hash is kept)."""
    chosen = [str(Scope(s)) for s in scopes]
    if not chosen:
        raise Refused(Refusal.NO_SCOPE, field="scopes")
    secret = _new_secret()
    client = ApiClient(
        municipality=municipality,
        name=name.strip(),
        client_id=client_id or _client_id(name),
        secret_hash=digest(secret),
        scopes=" ".join(chosen),
        created_by=actor,
    )
    db.session.add(client)
    db.session.flush()
    record("api_client.registered", client, user=actor, details={"scopes": client.scopes})
    return client, secret


def new_secret(client: ApiClient, actor) -> str:
    """A new secret for the client: the old one and every token it got stop working."""
    secret = _new_secret()
    client.secret_hash = digest(secret)
    db.session.execute(sa.delete(ApiToken).where(ApiToken.client_id == client.id))
    db.session.flush()
    record("api_client.secret_renewed", client, user=actor)
    return secret


def set_disabled(client: ApiClient, disabled: bool, actor) -> None:
    """Disable the client (its live tokens stop at once) or enable it again."""
    client.disabled_at = utcnow() if disabled else None
    db.session.flush()
    record("api_client.disabled" if disabled else "api_client.enabled", client, user=actor)


def municipality_by_code(code: str) -> Municipality:
    found = db.session.scalar(sa.select(Municipality).where(Municipality.code == code))
    if found is None:
        raise Refused(Refusal.UNKNOWN_MUNICIPALITY, code=code)
    return found


def refer_from_api(client: ApiClient, data: dict[str, Any]):
    """A referral the client's system sent, through the same service as the page's form."""
    number = data["personal_number"]
    referral_data = {k: v for k, v in data.items() if k not in ("personal_number", "person")}
    return refer(number, client.municipality, data["person"], referral_data, None)


def import_from_api(raw: bytes):
    """A framework the client sent, imported as a draft (as the page's import does)."""
    return import_framework(raw)
