"""API clients, their tokens and the idempotency keys of what they sent.

A client is a system of one municipality; it gets short-lived bearer tokens with OAuth 2.0
client credentials. Only hashes of secrets and tokens are kept (SHA-256 of high-entropy values:
nothing to guess, so no slow hash is needed).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, utcnow
from app.extensions import db
from app.organisations.models import Municipality

TOKEN_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


def digest(secret: str) -> str:
    """The stored form of a client secret or a token."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiClient(TimestampMixin, db.Model):
    """A system of one municipality that calls the API with OAuth 2.0 client credentials.

    Only a hash of the secret is kept; the secret is shown once, when the client is
    registered. A disabled client gets no token and its live tokens stop working.
    """

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(200))
    # Space-separated, as OAuth 2.0 writes them: "referrals:write cases:read".
    scopes: Mapped[str] = mapped_column(sa.String(300), default="")
    disabled_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    municipality: Mapped[Municipality] = relationship()
    created_by = relationship("User")

    def __str__(self) -> str:
        return self.name

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def is_disabled(self) -> bool:
        return self.disabled_at is not None

    # --- what Authlib asks of a client (authlib.oauth2.rfc6749.ClientMixin) ---------------

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        """The asked scopes this client holds; all of its scopes when none are asked."""
        if not scope:
            return self.scopes
        return " ".join(s for s in scope.split() if s in self.scope_list)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return not self.is_disabled and hmac.compare_digest(digest(client_secret), self.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in TOKEN_AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials" and not self.is_disabled


class ApiToken(db.Model):
    """A bearer token given to a client: its hash, scopes and when it stops working."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("api_clients.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scopes: Mapped[str] = mapped_column(sa.String(300), default="")
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)

    client: Mapped[ApiClient] = relationship(lazy="joined")

    # --- what Authlib asks of a token (authlib.oauth2.rfc6749.TokenMixin) -----------------

    def check_client(self, client: Any) -> bool:
        return client.id == self.client_id

    def get_scope(self) -> str:
        return self.scopes

    def get_expires_in(self) -> int:
        return int((self.expires_at - self.issued_at).total_seconds())

    def is_expired(self) -> bool:
        return utcnow() >= self.expires_at

    def is_revoked(self) -> bool:
        """A disabled client's tokens stop at once."""
        return self.client.is_disabled


class IdempotencyKey(db.Model):
    """A request a client marked with an `Idempotency-Key`: sent again with the same key, the
    first answer is given again and nothing is done twice."""

    __tablename__ = "api_idempotency_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("api_clients.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(255))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[int]
    body: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("client_id", "key"),)


def expiry(seconds: int) -> datetime:
    return utcnow() + timedelta(seconds=seconds)
