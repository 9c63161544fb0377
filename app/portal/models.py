"""One-time sign-in codes of participants, and each municipality's choice of how they sign in."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import enum_column, utcnow
from app.extensions import db
from app.portal.vocab import CodeKind


class SignInCode(db.Model):
    """A one-time code that signs a participant in: mailed to them, or read out by their coach.

    The row keeps only a SHA-256 of the code (with the account's id for a mailed one, whose six
    digits alone are not unique). A code works once, until `expires_at`, and a few wrong tries
    void it.
    """

    __tablename__ = "portal_sign_in_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CodeKind] = mapped_column(enum_column(CodeKind, "kind"))
    code_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(default=0, server_default="0")
    # The coach who made a code to hand over; none for a mailed one.
    made_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])


class PortalSettings(db.Model):
    """How a municipality's participants may sign in to their own pages besides e-ID."""

    __tablename__ = "portal_settings"

    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    # A one-time code mailed to the address the coach registered (never for a protected
    # identity or a reserve number).
    mail_codes: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AccessLogPolicy(db.Model):
    """What a municipality's participants see of who read their data (My data): the role and
    the date of each read, and the reader's name only when the municipality chose so."""

    __tablename__ = "portal_access_log_policies"

    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    shows_names: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
