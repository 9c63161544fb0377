"""What SAML 2.0 sign-ins keep on the server (see `app/auth/saml.py`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class SeenAssertion(db.Model):
    """An assertion an identity provider issued that has been used already: the same one posted
    again is refused. Kept until no outstanding request it could answer is left
    (`expires_at`), then removed by the next sign-in."""

    __tablename__ = "saml_assertions_seen"

    # SHA-256 of the issuer and the assertion's ID (both the provider's, of any length).
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
