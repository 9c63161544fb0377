"""Operations on accounts and organisations; they flush and log, the route commits."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from app.admin.models import Municipality, Region
from app.assessments.services.planning import check_roles
from app.audit import AuditEvent, record
from app.auth.models import User
from app.auth.services import create_user, set_password
from app.auth.sessions import end_sessions
from app.db import UTC
from app.employers.models import Employer
from app.extensions import db
from app.permissions import Role


def organisation_choices() -> list:
    """Grouped choices `m:<id>` / `e:<id>` for the user form."""
    municipalities = db.session.scalars(sa.select(Municipality).order_by(Municipality.name))
    employers = db.session.scalars(sa.select(Employer).order_by(Employer.name))
    return [
        ("", _("Choose…")),
        *[(f"m:{m.id}", m.name) for m in municipalities],
        *[(f"e:{e.id}", e.name) for e in employers],
    ]


def resolve_organisation(value: str) -> dict:
    """`municipality=` or `employer=` keyword for a `m:<id>` / `e:<id>` choice."""
    kind, _sep, ident = value.partition(":")
    if kind == "m":
        return {"municipality": db.get_or_404(Municipality, int(ident)), "employer": None}
    return {"municipality": None, "employer": db.get_or_404(Employer, int(ident))}


def email_taken(email: str, exclude: User | None = None) -> bool:
    """True when another account already uses this email."""
    query = sa.select(User.id).where(User.email == email.strip().lower())
    if exclude is not None:
        query = query.where(User.id != exclude.id)
    return db.session.scalar(query) is not None


def add_user(form) -> User:
    """Create the account described by a valid NewUserForm."""
    user = create_user(
        email=form.email.data,
        name=form.name.data,
        password=form.password.data,
        roles={Role(r) for r in form.roles.data},
        locale=form.locale.data,
        **resolve_organisation(form.organisation.data),
    )
    record("admin.user_created", user, details={"roles": sorted(form.roles.data)})
    return user


def update_user(user: User, form) -> None:
    """Apply a valid UserForm to an account."""
    before = sorted(r.value for r in user.roles)
    user.name = form.name.data.strip()
    user.email = form.email.data.strip().lower()
    user.locale = form.locale.data
    for key, value in resolve_organisation(form.organisation.data).items():
        setattr(user, key, value)
    check_roles(user, form.roles.data)  # never coach and assessor of one participant
    user.set_roles({Role(r) for r in form.roles.data})
    record(
        "admin.user_updated",
        user,
        details={"roles_before": before, "roles": sorted(form.roles.data)},
    )


def set_active(user: User, active: bool) -> None:
    """Deactivate (ending every session) or reactivate an account."""
    user.is_active = active
    if not active:
        end_sessions(user)
    record("admin.user_activated" if active else "admin.user_deactivated", user)


def reset_password(user: User) -> str:
    """Give the user a new random password, returned once to show to the admin."""
    password = secrets.token_urlsafe(12)
    set_password(user, password)
    record("admin.password_reset", user)
    return password


def region_named(name: str | None) -> Region | None:
    """The region with this name, created when new; None for an empty name."""
    name = (name or "").strip()
    if not name:
        return None
    region = db.session.scalar(sa.select(Region).where(Region.name == name))
    if region is None:
        region = Region(name=name)
        db.session.add(region)
    return region


def save_municipality(municipality: Municipality, form) -> None:
    """Apply a valid MunicipalityForm."""
    municipality.name = form.name.data.strip()
    municipality.code = form.code.data
    municipality.region = region_named(form.region_name.data)
    db.session.add(municipality)
    db.session.flush()
    record("admin.municipality_saved", municipality)


def save_employer(employer: Employer, form) -> None:
    """Apply a valid EmployerForm."""
    employer.name = form.name.data.strip()
    employer.org_number = form.org_number.data
    employer.municipality_id = form.municipality_id.data or None
    db.session.add(employer)
    db.session.flush()
    record("admin.employer_saved", employer)


def audit_query(form) -> sa.Select:
    """The audit log filtered as the form says, newest first."""
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if form.user.data:
        query = query.where(AuditEvent.actor.ilike(f"%{form.user.data.strip()}%"))
    if form.action.data:
        query = query.where(AuditEvent.action.startswith(form.action.data.strip()))
    if form.participant.data:
        query = query.where(AuditEvent.participant_id == form.participant.data)
    if form.date_from.data:
        query = query.where(AuditEvent.at >= datetime.combine(form.date_from.data, time(), UTC))
    if form.date_to.data:
        end = datetime.combine(form.date_to.data, time(), UTC) + timedelta(days=1)
        query = query.where(AuditEvent.at < end)
    return query
