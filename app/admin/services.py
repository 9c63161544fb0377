"""Operations on accounts and organisations; they flush and log, the route commits.

A change the administrator may not make raises `Refused` with a `vocab.Refusal` code (its
words: `labels.REFUSALS`) at the form field it concerns.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from app.admin.access import (
    NO_ORGANISATION,
    audit_lines_visible_to,
    fully_manages,
    grantable_roles,
    held_roles,
)
from app.admin.vocab import Refusal
from app.assessments.services.planning import check_roles
from app.audit import AuditEvent, record
from app.auth.models import User
from app.auth.password_reset import force_reset
from app.auth.services import create_user
from app.auth.sessions import end_sessions
from app.auth.welcome import mail_welcome, renew_welcome
from app.db import UTC
from app.extensions import db
from app.organisations.models import Employer, Municipality, Region
from app.refusals import Refused
from app.vocab import Role


def placeable_organisations(editor) -> list[tuple[str, str]]:
    """Where `editor` may place accounts, as (`m:<id>` / `e:<id>` / `-`, name): their
    municipality and its employers; for the system administrator, any municipality or none."""
    municipalities = sa.select(Municipality).order_by(Municipality.name)
    if editor.has_role(Role.SYSTEM_ADMIN):
        found = db.session.scalars(municipalities)
        return [(NO_ORGANISATION, ""), *[(f"m:{m.id}", m.name) for m in found]]
    if not editor.has_role(Role.ADMIN):
        return []
    own = editor.municipality_id or 0
    employers = sa.select(Employer).where(Employer.municipality_id == own).order_by(Employer.name)
    return [
        *[(f"m:{m.id}", m.name) for m in db.session.scalars(municipalities.filter_by(id=own))],
        *[(f"e:{e.id}", e.name) for e in db.session.scalars(employers)],
    ]


def organisation_choices(editor) -> list:
    """The user form's choices of organisation for `editor`."""
    none = _("None (system administrator)")
    return [
        ("", _("Choose…")),
        *[(value, name or none) for value, name in placeable_organisations(editor)],
    ]


def organisation_value(user: User) -> str:
    """The user form's choice for the account's organisation."""
    if user.municipality_id:
        return f"m:{user.municipality_id}"
    return f"e:{user.employer_id}" if user.employer_id else NO_ORGANISATION


def resolve_organisation(value: str) -> dict:
    """`municipality=` and `employer=` keywords for a `m:<id>` / `e:<id>` / `-` choice."""
    kind, _sep, ident = value.partition(":")
    if kind == "m":
        return {"municipality": db.get_or_404(Municipality, int(ident)), "employer": None}
    if kind == "e":
        return {"municipality": None, "employer": db.get_or_404(Employer, int(ident))}
    return {"municipality": None, "employer": None}


def email_taken(email: str, exclude: User | None = None) -> bool:
    """True when another account already uses this email."""
    query = sa.select(User.id).where(User.email == email.strip().lower())
    if exclude is not None:
        query = query.where(User.id != exclude.id)
    return db.session.scalar(query) is not None


def final_roles(editor, user: User | None, chosen: set[Role]) -> set[Role]:
    """The roles an account ends with: those `editor` chose among the ones they may give, and
    the ones it holds that someone else gives, kept as they are."""
    kept = held_roles(user) - grantable_roles(editor) if user is not None else set()
    return kept | (chosen & grantable_roles(editor))


def personal_number_taken(digits: str, exclude: User | None = None) -> bool:
    """True when another account already has this personal number."""
    query = sa.select(User.id).where(User.personal_number == digits)
    if exclude is not None:
        query = query.where(User.id != exclude.id)
    return db.session.scalar(query) is not None


def change_refusals(
    editor,
    user: User | None,
    chosen: set[Role],
    organisation: str,
    email: str | None = None,
    number: str | None = None,
) -> dict[str, Refusal]:
    """Why `editor` may not give the account (`None`: a new one) these roles, this
    organisation, this email and this personal number, as {field: refusal code}; empty when the
    change is allowed."""
    refusals = {}
    if email is not None and email_taken(email, exclude=user):
        refusals["email"] = Refusal.EMAIL_TAKEN
    if number is not None and personal_number_taken(number, exclude=user):
        refusals["personal_number"] = Refusal.PERSONAL_NUMBER_TAKEN
    if chosen - grantable_roles(editor):
        refusals["roles"] = Refusal.ROLE_NOT_YOURS
    if organisation not in {value for value, _name in placeable_organisations(editor)}:
        refusals["organisation"] = Refusal.ORGANISATION_NOT_YOURS
    if user is None:
        return refusals
    moved = organisation != organisation_value(user)
    if user.id == editor.id:
        if final_roles(editor, user, chosen) != held_roles(user):
            refusals["roles"] = Refusal.OWN_ROLES
        if moved:
            refusals["organisation"] = Refusal.OWN_ORGANISATION
    elif moved and not fully_manages(editor, user):
        refusals["organisation"] = Refusal.KEPT_ROLES
    return refusals


def form_refusals(editor, user: User | None, form) -> dict[str, Refusal]:
    """`change_refusals` for what a user form says (the form shows them at its fields)."""
    chosen = {Role(r) for r in form.roles.data}
    number = _personal_number(form)
    return change_refusals(editor, user, chosen, form.organisation.data, form.email.data, number)


def _personal_number(form) -> str | None:
    """The twelve digits the form's personal number field checked; none when left empty."""
    return getattr(getattr(form, "personal_number", None), "digits", None)


def _refuse_unless_allowed(editor, user: User | None, form) -> None:
    """Refused, with every reason, at the first field concerned (the form checked them all
    before; this guards against a change made meanwhile)."""
    refusals = form_refusals(editor, user, form)
    if refusals:
        raise Refused(*refusals.values(), field=next(iter(refusals)))


def snapshot(user: User) -> dict:
    """What the audit log keeps of an account before and after a change."""
    return {
        "name": user.name,
        "email": user.email,
        "roles": sorted(r.value for r in held_roles(user)),
        "municipality_id": user.municipality_id,
        "municipality": user.municipality.name if user.municipality else None,
        "employer_id": user.employer_id,
        "employer": user.employer.name if user.employer else None,
        "active": user.is_active,
        "locale": user.locale,
        "has_personal_number": user.personal_number is not None,  # never the number itself
    }


def _record_change(action: str, user: User, before: dict | None, actor) -> None:
    db.session.flush()
    record(action, user, details={"before": before, "after": snapshot(user)}, user=actor)


def add_user(form, actor) -> User:
    """Create the account described by a valid UserForm, within `actor`'s scope, with no usable
    password: the person gets a welcome link by mail to choose one."""
    _refuse_unless_allowed(actor, None, form)
    user = create_user(
        email=form.email.data,
        name=form.name.data,
        password=None,
        roles={Role(r) for r in form.roles.data},
        locale=form.locale.data,
        **resolve_organisation(form.organisation.data),
    )
    user.personal_number = _personal_number(form)
    _record_change("admin.user_created", user, None, actor)
    mail_welcome(user, actor)
    return user


def update_user(user: User, form, actor) -> None:
    """Apply a valid UserForm to an account, within `actor`'s scope."""
    _refuse_unless_allowed(actor, user, form)
    chosen = {Role(r) for r in form.roles.data}
    before = snapshot(user)
    user.name = form.name.data.strip()
    user.email = form.email.data.strip().lower()
    user.locale = form.locale.data
    user.personal_number = _personal_number(form)
    for key, value in resolve_organisation(form.organisation.data).items():
        setattr(user, key, value)
    roles = final_roles(actor, user, chosen)
    check_roles(user, roles)  # never coach and assessor of one participant
    user.set_roles(roles)
    _record_change("admin.user_updated", user, before, actor)


def set_active(user: User, active: bool, actor) -> None:
    """Deactivate (ending every session) or reactivate an account."""
    if user.id == actor.id:
        raise Refused(Refusal.OWN_ACTIVE)
    if not fully_manages(actor, user):
        raise Refused(Refusal.KEPT_ROLES)
    before = snapshot(user)
    user.is_active = active
    if not active:
        end_sessions(user)
    action = "admin.user_activated" if active else "admin.user_deactivated"
    _record_change(action, user, before, actor)


def reset_password(user: User, actor) -> None:
    """Force a reset: the password stops working, the sessions end, and the person gets a link
    by mail to choose a new one. The administrator never sees or sets a password."""
    if not fully_manages(actor, user):
        raise Refused(Refusal.KEPT_ROLES)
    force_reset(user, actor)


def send_welcome_again(user: User, actor) -> None:
    """A new welcome link for a person who has never logged in; the earlier ones stop working."""
    if not fully_manages(actor, user):
        raise Refused(Refusal.KEPT_ROLES)
    if not user.is_active:
        raise Refused(Refusal.DEACTIVATED)
    if user.last_login_at is not None:
        raise Refused(Refusal.HAS_LOGGED_IN)
    record("admin.welcome_link_renewed", user, user=actor)
    renew_welcome(user, actor)


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


def _taken(item, same) -> bool:
    """Whether another organisation of the item's kind matches `same`."""
    model = type(item)
    query = sa.select(model.id).where(same, model.id != (item.id or 0))
    return db.session.scalar(query) is not None


def save_municipality(municipality: Municipality, form) -> None:
    """Apply a valid MunicipalityForm; no two municipalities share a code or a name."""
    same = sa.or_(Municipality.code == form.code.data, Municipality.name == form.name.data.strip())
    if _taken(municipality, same):
        raise Refused(Refusal.MUNICIPALITY_TAKEN, field="code")
    municipality.name = form.name.data.strip()
    municipality.code = form.code.data
    municipality.region = region_named(form.region_name.data)
    municipality.mail_sender_name = " ".join((form.mail_sender_name.data or "").split()) or None
    municipality.mail_reply_to = (form.mail_reply_to.data or "").strip() or None
    municipality.mail_footer = (form.mail_footer.data or "").strip() or None
    db.session.add(municipality)
    db.session.flush()
    record("admin.municipality_saved", municipality)


def accessibility_values(municipality: Municipality):
    """The statement's stored values under the form's field names."""
    from types import SimpleNamespace

    return SimpleNamespace(
        compliance=municipality.accessibility_compliance,
        shortcomings=municipality.accessibility_shortcomings,
        assessed_on=municipality.accessibility_assessed_on,
        contact=municipality.accessibility_contact,
    )


def save_accessibility(municipality: Municipality, form, actor) -> None:
    """Apply a valid AccessibilityForm to the municipality's accessibility statement."""
    before = {
        "compliance": municipality.accessibility_compliance,
        "assessed_on": str(municipality.accessibility_assessed_on or ""),
    }
    municipality.accessibility_compliance = form.compliance.data
    municipality.accessibility_shortcomings = (form.shortcomings.data or "").strip() or None
    municipality.accessibility_assessed_on = form.assessed_on.data
    municipality.accessibility_contact = (form.contact.data or "").strip().lower() or None
    db.session.flush()
    after = {"compliance": form.compliance.data, "assessed_on": str(form.assessed_on.data)}
    details = {"before": before, "after": after}
    record("admin.accessibility_saved", municipality, details=details, user=actor)


def save_employer(employer: Employer, form) -> None:
    """Apply a valid EmployerForm; no two employers share an organisation number."""
    if _taken(employer, Employer.org_number == form.org_number.data):
        raise Refused(Refusal.ORG_NUMBER_TAKEN, field="org_number")
    employer.name = form.name.data.strip()
    employer.org_number = form.org_number.data
    employer.municipality_id = form.municipality_id.data or None
    db.session.add(employer)
    db.session.flush()
    record("admin.employer_saved", employer)


def audit_names(lines, viewer) -> dict:
    """The names a page of the audit log shows instead of numbers, as far as `viewer` may see
    them: {"users": {id: name}, "participants": {id: name}}. A participant's name is shown
    to the administrator of their municipality, unless the identity is protected."""
    from app.cases.access import shows_identity
    from app.cases.models import Participant
    from app.permissions import can

    user_ids = {line.user_id for line in lines if line.user_id}
    user_ids |= {line.object_id for line in lines if line.object_type == "users"}
    users = db.session.execute(sa.select(User.id, User.name).where(User.id.in_(user_ids)))
    person_ids = {line.participant_id for line in lines if line.participant_id}
    people = db.session.scalars(sa.select(Participant).where(Participant.id.in_(person_ids)))
    return {
        "users": dict(users.all()),
        "participants": {
            p.id: p.full_name
            for p in people
            if can(viewer, "privacy.participant", p)
            and shows_identity(viewer, p)
            and not p.is_anonymised
        },
    }


def audit_query(form, viewer) -> sa.Select:
    """The lines of the audit log `viewer` may read, filtered as the form says, newest first."""
    query = (
        sa.select(AuditEvent)
        .where(audit_lines_visible_to(viewer))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if form.user.data:
        typed = f"%{form.user.data.strip()}%"
        named = sa.select(User.id).where(User.name.ilike(typed))
        query = query.where(sa.or_(AuditEvent.actor.ilike(typed), AuditEvent.user_id.in_(named)))
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
