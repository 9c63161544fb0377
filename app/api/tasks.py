"""The API's nightly cleaning: tokens past their expiry, and idempotency keys older than
API_IDEMPOTENCY_HOURS (a client that sends a request again does so within minutes, not days)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.api.models import ApiToken, IdempotencyKey
from app.db import utcnow
from app.extensions import db
from app.queue import crontab, periodic


@periodic(crontab(minute="0", hour="4"))
def prune_api_tokens() -> None:
    """Remove expired tokens and old idempotency keys."""
    now = utcnow()
    keep = timedelta(hours=current_app.config["API_IDEMPOTENCY_HOURS"])
    tokens = db.session.execute(sa.delete(ApiToken).where(ApiToken.expires_at < now))
    keys = db.session.execute(
        sa.delete(IdempotencyKey).where(IdempotencyKey.created_at < now - keep)
    )
    db.session.commit()
    current_app.logger.info(
        "%s expired API tokens and %s idempotency keys removed", tokens.rowcount, keys.rowcount
    )
