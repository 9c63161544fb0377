"""User accounts, their roles, their sessions and login attempts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from app.db import TimestampMixin, enum_column, utcnow
from app.extensions import db
from app.organisations.models import Employer, Municipality
from app.vocab import Role


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), primary_key=True)


class User(UserMixin, TimestampMixin, db.Model):
    """A person who logs in: coach, assessor, verifier, employer contact, admin, or a participant
    on their own pages."""

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
    locale: Mapped[str] = mapped_column(sa.String(5), default="sv")
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    # The person's own personal number (12 digits), for single sign-on that names people by it;
    # none for most accounts.
    personal_number: Mapped[str | None] = mapped_column(sa.String(12), unique=True)
    terms_accepted_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True
    )
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    # A participant's own account (role PARTICIPANT, app/portal): the one participant it is;
    # none for staff. Not a foreign key, as the audit log's: the accounts stay outside the
    # tables that hold a participant's register (app/privacy/coverage.py), and anonymisation
    # ends the account itself (`app.privacy.anonymise`).
    participant_id: Mapped[int | None] = mapped_column(unique=True)

    municipality: Mapped[Municipality | None] = relationship()
    employer: Mapped[Employer | None] = relationship()
    # Read when first asked for: most accounts are loaded to show a name (a decision's
    # assessor, a case's coach), and loading their roles with them cost a query per load. The
    # logged-in user comes with theirs (app/auth/sessions.py); code that asks many accounts
    # for their roles loads them together (`load_roles`, or `selectinload` in its query).
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan")

    def __str__(self) -> str:
        return self.name

    # The token of the session this object was loaded for or logged in with (app/auth/sessions.py):
    # Flask-Login keeps it in the cookie instead of the id. Not a column: a user has a session
    # per browser.
    session_token = None

    def get_id(self) -> str | None:
        """The session token Flask-Login keeps in the cookie."""
        return self.session_token

    def __eq__(self, other):
        """One account is one row (Flask-Login's mixin would compare session tokens)."""
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    __hash__ = object.__hash__

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

    @property
    def organisation(self) -> Municipality | Employer | None:
        """The municipality or employer the user belongs to (none: a system administrator)."""
        return self.municipality or self.employer

    @property
    def organisation_name(self) -> str | None:
        """The name of the user's organisation (none: a system administrator); the session's
        user comes with it (app/auth/sessions.py), so a page's header loads nothing for it."""
        if self._organisation_name is None:
            organisation = self.organisation
            return organisation.name if organisation is not None else None
        return self._organisation_name

    @organisation_name.setter
    def organisation_name(self, name: str | None) -> None:
        self._organisation_name = name

    _organisation_name = None  # not a column: what the session's query brought (a name)


def load_roles(users) -> None:
    """Read the roles of these accounts in one query, where they are not read yet."""
    waiting = {u.id: u for u in users if u is not None and "role_rows" not in sa.inspect(u).dict}
    waiting.pop(None, None)
    if not waiting:
        return
    found: dict[int, list[UserRole]] = {user_id: [] for user_id in waiting}
    query = sa.select(UserRole).where(UserRole.user_id.in_(waiting)).order_by(UserRole.role)
    for row in db.session.scalars(query):
        found[row.user_id].append(row)
    for user_id, rows in found.items():
        set_committed_value(waiting[user_id], "role_rows", rows)


AGENT_LENGTH = 400  # of a User-Agent kept with a session; longer ones are cut


class UserSession(db.Model):
    """A logged-in session on the server: logging out, a new password, deactivation and "log out
    everywhere" delete it, and a cookie whose row is gone is a visitor's again.

    The cookie carries a random token; the row keeps only its SHA-256, so the table does not
    hold live cookies. Rows live here unless SESSION_STORAGE_URI names Redis.
    """

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime] = mapped_column(index=True)
    # What the person's list of sessions shows: the browser's User-Agent and the address the
    # login came from (none for the sessions begun before they were recorded).
    user_agent: Mapped[str | None] = mapped_column(sa.String(AGENT_LENGTH))
    ip: Mapped[str | None] = mapped_column(sa.String(45))


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


class PasswordReset(db.Model):
    """A link mailed to reset a password (app/auth/password_reset.py), or the welcome link with
    which a new account's person chooses their first password (`is_welcome`, app/auth/welcome.py).

    The row keeps only the SHA-256 of the link's random token. A link works once, until
    `expires_at`, and only while the password is the one it was made for (`password_fingerprint`):
    a new password, by the link or otherwise, voids every link made before it.
    """

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    password_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    is_welcome: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    user: Mapped[User] = relationship()
