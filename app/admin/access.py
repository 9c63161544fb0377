"""The scope of the two administrator roles: whose accounts each may manage, which roles each
may give, and which lines of the audit log each may read.

A municipality administrator manages the accounts of their own municipality and of the employers
based there, and gives the roles that reach no further than that municipality. A system
administrator manages the accounts of administrators and of the roles that reach across
municipalities (regional readers, external quality assurers), and reads no participant's data.
Nobody widens their own scope: one's own roles and organisation are changed by someone else.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.vocab import Role

NO_ORGANISATION = "-"  # the user form's choice for a system administrator, who belongs to none

# Roles whose reach stays inside one municipality (or one of its employers).
MUNICIPALITY_ROLES = frozenset(
    {Role.ADMIN, Role.COACH, Role.ASSESSOR, Role.INTERNAL_VERIFIER, Role.EMPLOYER, Role.MANAGER}
)
# Roles given by the system administrator: the administrators, and the roles that read across
# municipalities.
SYSTEM_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.ADMIN, Role.REGIONAL, Role.EXTERNAL_VERIFIER})


def held_roles(user: Any) -> set[Role]:
    """The roles on the account, also while it is deactivated (`user.roles` is then empty)."""
    return {row.role for row in user.role_rows}


def grantable_roles(editor: Any) -> frozenset[Role]:
    """The roles `editor` may give or take away."""
    if editor.has_role(Role.SYSTEM_ADMIN):
        return SYSTEM_ROLES
    if editor.has_role(Role.ADMIN):
        return MUNICIPALITY_ROLES
    return frozenset()


def home_municipality_id(user: Any) -> int | None:
    """The municipality an account belongs to: its own, or its employer's."""
    if user.municipality_id is not None:
        return user.municipality_id
    employer = getattr(user, "employer", None)
    return employer.municipality_id if employer is not None else None


def manages_user(editor: Any, user: Any) -> bool:
    """Scope of `admin.users`: may `editor` open and change this account?"""
    if Role.PARTICIPANT in held_roles(user):
        return False  # a participant's account is the coach's to give and end (app/portal)
    if editor.has_role(Role.SYSTEM_ADMIN):
        return bool(held_roles(user) & SYSTEM_ROLES) or user.id == editor.id
    return (
        editor.has_role(Role.ADMIN)
        and editor.municipality_id is not None
        and home_municipality_id(user) == editor.municipality_id
        and Role.SYSTEM_ADMIN not in held_roles(user)
    )


def fully_manages(editor: Any, user: Any) -> bool:
    """May `editor` act on the whole account (move it, deactivate it, reset its password)?

    Only when every role it holds is one `editor` may give: otherwise moving the account or
    taking over its password would carry roles `editor` does not hold the right to give.
    """
    return manages_user(editor, user) and held_roles(user) <= grantable_roles(editor)


def users_visible_to(editor: Any) -> sa.ColumnElement[bool]:
    """The same scope as `manages_user`, as a condition on `User` for the list of accounts."""
    from app.auth.models import User, UserRole
    from app.organisations.models import Employer

    if editor.has_role(Role.SYSTEM_ADMIN):
        return sa.or_(User.role_rows.any(UserRole.role.in_(SYSTEM_ROLES)), User.id == editor.id)
    if not editor.has_role(Role.ADMIN) or editor.municipality_id is None:
        return sa.false()
    employers = sa.select(Employer.id).where(Employer.municipality_id == editor.municipality_id)
    return sa.and_(
        sa.or_(User.municipality_id == editor.municipality_id, User.employer_id.in_(employers)),
        ~User.role_rows.any(UserRole.role.in_((Role.SYSTEM_ADMIN, Role.PARTICIPANT))),
    )


def audit_lines_visible_to(viewer: Any) -> sa.ColumnElement[bool]:
    """The lines of the audit log `viewer` may read, as a condition on `AuditEvent`.

    A municipality administrator reads the lines about the participants of their municipality
    and, of the lines about no participant, those written by its staff or about its accounts or
    its logins (single sign-on).
    A system administrator reads the administration's own lines (accounts, organisations),
    never a line about a participant.
    """
    from app.audit import AuditEvent
    from app.auth.models import User
    from app.auth.provider_models import IdentityProvider
    from app.cases.models import Participant

    if viewer.has_role(Role.ADMIN) and viewer.municipality_id is not None:
        own = viewer.municipality_id
        participants = sa.select(Participant.id).where(Participant.municipality_id == own)
        staff = sa.select(User.id).where(User.municipality_id == own)
        about_staff = sa.and_(AuditEvent.object_type == "users", AuditEvent.object_id.in_(staff))
        # sign-ins refused at the municipality's own logins, whoever tried
        logins = sa.select(IdentityProvider.id).where(IdentityProvider.municipality_id == own)
        about_logins = sa.and_(
            AuditEvent.object_type == "identity_providers", AuditEvent.object_id.in_(logins)
        )
        return sa.or_(
            AuditEvent.participant_id.in_(participants),
            sa.and_(
                AuditEvent.participant_id.is_(None),
                sa.or_(AuditEvent.user_id.in_(staff), about_staff, about_logins),
            ),
        )
    if viewer.has_role(Role.SYSTEM_ADMIN):
        return sa.and_(AuditEvent.participant_id.is_(None), AuditEvent.action.startswith("admin."))
    return sa.false()


def keeps_statement(user, municipality) -> bool:
    """The accessibility statement of a municipality is kept by its own administrator (and
    the system administrator)."""
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    return user.municipality_id is not None and user.municipality_id == municipality.id
