"""Single sign-on: a municipality's identity providers, the identities they vouch for, and the
municipality's rules for who gets in (see `app/auth/federation.py`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.auth.vocab import MatchOn, ProviderKind, UnknownPerson
from app.db import TimestampMixin, enum_column, utcnow
from app.extensions import db
from app.organisations.models import Municipality


class IdentityProvider(TimestampMixin, db.Model):
    """A login portal of one municipality that Validera trusts to say who someone is.

    OpenID Connect: the discovery URL, the client id, and where the client secret is read from
    (`client_secret_ref`: "env:NAME" or "file:/path"; the secret itself is never stored here nor
    shown). SAML 2.0: the identity provider's metadata, loaded from a file or a URL.
    """

    __tablename__ = "identity_providers"
    __table_args__ = (
        sa.UniqueConstraint("municipality_id", "name", name="uq_identity_providers_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ProviderKind] = mapped_column(enum_column(ProviderKind, "provider_kind"))
    name: Mapped[str] = mapped_column(sa.String(120))  # on the login button
    enabled: Mapped[bool] = mapped_column(default=True)
    match_on: Mapped[MatchOn] = mapped_column(enum_column(MatchOn, "match_on"))
    # The lowest assurance level accepted (an `acr` value or a LoA URI); none: any.
    required_loa: Mapped[str | None] = mapped_column(sa.String(200))

    # OpenID Connect
    discovery_url: Mapped[str | None] = mapped_column(sa.String(500))
    client_id: Mapped[str | None] = mapped_column(sa.String(200))
    client_secret_ref: Mapped[str | None] = mapped_column(sa.String(300))
    # The claim that carries the personal number (Sweden Connect's by default).
    personal_number_claim: Mapped[str | None] = mapped_column(sa.String(200))

    # SAML 2.0
    idp_metadata: Mapped[str | None] = mapped_column(sa.Text)
    idp_metadata_url: Mapped[str | None] = mapped_column(sa.String(500))
    idp_entity_id: Mapped[str | None] = mapped_column(sa.String(500))

    municipality: Mapped[Municipality] = relationship()

    def __str__(self) -> str:
        return self.name


class ExternalIdentity(db.Model):
    """The person a provider names by `subject` is this account: made at the first sign-in that
    matched, so that a later change of email at the provider does not move the person."""

    __tablename__ = "external_identities"
    __table_args__ = (
        sa.UniqueConstraint("provider_id", "subject", name="uq_external_identities_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(
        sa.ForeignKey("identity_providers.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)

    provider: Mapped[IdentityProvider] = relationship()
    user: Mapped[User] = relationship()


class SignInSettings(db.Model):
    """One municipality's rules for single sign-on; a municipality without a row refuses
    unknown people and keeps passwords."""

    __tablename__ = "sign_in_settings"

    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    unknown_person: Mapped[UnknownPerson] = mapped_column(
        enum_column(UnknownPerson, "unknown_person"), default=UnknownPerson.REFUSE
    )
    passwords_off: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
