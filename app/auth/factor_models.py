"""A second factor for accounts that sign in with a password: an authenticator app (TOTP), its
recovery codes, passkeys and security keys (WebAuthn), and which roles must have one (see
`app/auth/factors.py` and `app/auth/passkeys.py`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import enum_column, utcnow
from app.extensions import db
from app.vocab import Role


class TotpFactor(db.Model):
    """A person's authenticator app: on once `enabled_at` is set (a code was typed back), until
    then an enrolment in progress whose secret the enrolment page shows."""

    __tablename__ = "totp_factors"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # The secret sealed with a key derived from SECRET_KEY (app/auth/totp.py `seal`).
    secret: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enabled_at: Mapped[datetime | None]
    # The 30-second time step of the last code accepted: no code of it or before it is accepted.
    last_step: Mapped[int | None] = mapped_column(sa.BigInteger)


class RecoveryCode(db.Model):
    """One single-use recovery code of a person's second factor; only its SHA-256 is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None]


class SecondFactorPolicy(db.Model):
    """Whether a role must sign in with a second factor, as the system administrator set it; a
    role without a row follows SECOND_FACTOR_REQUIRED in the configuration."""

    __tablename__ = "second_factor_policies"

    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), primary_key=True)
    required: Mapped[bool]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WebAuthnCredential(db.Model):
    """One of a person's passkeys or security keys (WebAuthn), named by them ("YubiKey på
    jobbet"); a person may have several. Only the public key is kept: the private key never
    leaves the authenticator."""

    __tablename__ = "webauthn_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The authenticator's id for the credential (at most 1023 bytes), the same on every site.
    credential_id: Mapped[bytes] = mapped_column(sa.LargeBinary, unique=True)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)  # COSE_Key
    # The authenticator's signature counter: an assertion must raise it (0 when it keeps none).
    sign_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # How the browser may reach it ("usb", "nfc", "ble", "internal", "hybrid"), as it said.
    transports: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    name: Mapped[str] = mapped_column(sa.String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
