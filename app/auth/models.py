"""User accounts, their roles and login attempts."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.admin.models import Municipality
from app.db import TimestampMixin, enum_column, utcnow
from app.employers.models import Employer
from app.extensions import db
from app.permissions import Role


def new_session_token() -> str:
    """A random token that identifies the user's sessions; rotating it ends them all."""
    return secrets.token_urlsafe(24)


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), primary_key=True)


class User(UserMixin, TimestampMixin, db.Model):
    """A person who logs in: coach, assessor, verifier, employer contact or admin."""

    __tablename__ = "users"
    __table_args__ = (
        # A municipality or an employer; neither only for a system administrator (the user
        # form keeps that rule, which a constraint on this table cannot see).
        sa.CheckConstraint(
            "municipality_id IS NULL OR employer_id IS NULL",
            name="at_most_one_organisation",
        ),
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    locale: Mapped[str] = mapped_column(sa.String(5), default="sv")
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    terms_accepted_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True
    )
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employers.id"), index=True)

    municipality: Mapped[Municipality | None] = relationship()
    employer: Mapped[Employer | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    def __str__(self) -> str:
        return self.name

    def get_id(self) -> str:
        """Flask-Login keeps this token in the session, not the id (see `new_session_token`)."""
        return self.session_token

    @property
    def roles(self) -> set[Role]:
        """The roles this user holds; none while the account is deactivated."""
        return {row.role for row in self.role_rows} if self.is_active else set()

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds any of `roles`."""
        return bool(self.roles & set(roles))

    def set_roles(self, roles: set[Role]) -> None:
        """Replace the user's roles."""
        self.role_rows = [UserRole(role=role) for role in sorted(roles)]

    def end_sessions(self) -> None:
        """Log the user out everywhere (after a password reset or deactivation)."""
        self.session_token = new_session_token()

    @property
    def organisation(self) -> Municipality | Employer | None:
        """The municipality or employer the user belongs to (none: a system administrator)."""
        return self.municipality or self.employer


class LoginAttempt(db.Model):
    """A login attempt, kept to slow down password guessing."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        sa.Index("ix_login_attempts_email_at", "email", "at"),
        sa.Index("ix_login_attempts_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    email: Mapped[str] = mapped_column(sa.String(254))
    ip: Mapped[str] = mapped_column(sa.String(45))
    succeeded: Mapped[bool]
