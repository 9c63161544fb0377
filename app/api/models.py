"""API clients: a municipality's own systems, each with its scopes and a secret shown once."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin
from app.extensions import db
from app.organisations.models import Municipality


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
