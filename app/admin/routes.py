"""Views of the administration area."""

import sqlalchemy as sa
from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.admin import bp, labels, services
from app.admin.access import grantable_roles, held_roles, users_visible_to
from app.admin.forms import (
    AccessibilityForm,
    AuditFilterForm,
    EmployerForm,
    MunicipalityForm,
    UserForm,
)
from app.auth.active_sessions import active_sessions
from app.auth.models import User, UserRole
from app.auth.welcome import welcome_days
from app.extensions import db
from app.main.home import admin_links
from app.organisations.models import Employer, Municipality
from app.permissions import can, permission
from app.vocab import STAFF_ROLES, Role
from app.web import load, me, page_number, save, seen_many


@bp.get("/")
@permission("admin.view")
def index():
    """Overview of the administration pages the administrator may use."""
    counts = {"users": db.session.scalar(sa.select(sa.func.count(User.id)).where(_visible()))}
    if can(current_user, "admin.organisations"):
        counts["municipalities"] = db.session.scalar(sa.select(sa.func.count(Municipality.id)))
        counts["employers"] = db.session.scalar(sa.select(sa.func.count(Employer.id)))
    return render_template("admin/index.html", counts=counts, admin_links=admin_links())


def _visible():
    return users_visible_to(current_user)


@bp.get("/users")
@permission("admin.users")
def users():
    """The accounts the administrator manages, searchable by name or email and by role."""
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    query = sa.select(User).where(_visible()).order_by(User.name, User.id)
    query = query.options(selectinload(User.role_rows))  # each line names the roles
    if q:
        query = query.where(sa.or_(User.name.ilike(f"%{q}%"), User.email.ilike(f"%{q}%")))
    if role in {r.value for r in STAFF_ROLES}:
        query = query.where(User.role_rows.any(UserRole.role == Role(role)))
    page = db.paginate(query, page=page_number(), per_page=25, error_out=False)
    return render_template(
        "admin/users.html", page=page, q=q, role=role, Role=Role, staff_roles=STAFF_ROLES
    )


def _user_form(form_class, user=None):
    """The user form offering only the organisations and roles the administrator may give,
    and refusing at its fields what they may not do to `user` (None: a new account)."""
    form = form_class(obj=user)
    grantable = grantable_roles(current_user)
    kept = held_roles(user) - grantable if user is not None else set()
    choices = services.organisation_choices(current_user)
    return form.for_editor(
        choices, grantable, kept, lambda form: services.form_refusals(me(), user, form)
    )


def _account_page(user: User) -> str:
    return url_for("admin.user_edit", user_id=user.id)


def _created(user: User) -> str:
    return " ".join(
        (
            _("The account %(email)s was created.", email=user.email),
            _welcome_sent(user),
        )
    )


def _welcome_sent(user: User) -> str:
    return _(
        "A welcome mail with a link to choose a password has been sent to %(email)s; the link "
        "works for %(days)s days.",
        email=user.email,
        days=welcome_days(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@permission("admin.users")
def user_new():
    """Create an account; its person gets a welcome link by mail to choose a password."""
    form = _user_form(UserForm)
    if form.validate_on_submit():
        done = save(lambda: services.add_user(form, me()), _created, _account_page, form=form)
        if done:
            return done
    return render_template(
        "admin/user_form.html", form=form, user=None, welcome_days=welcome_days()
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission("admin.users")
def user_edit(user_id: int):
    """Edit an account's details and the roles the administrator may give."""
    user = load(User, user_id, "admin.users")
    form = _user_form(UserForm, user)
    if request.method == "GET":
        form.organisation.data = services.organisation_value(user)
        form.roles.data = [r.value for r in held_roles(user) if r not in form.kept_roles]
    if form.validate_on_submit():
        done = save(
            lambda: services.update_user(user, form, me()),
            _("The account was saved."),
            _account_page(user),
            form=form,
        )
        if done:
            return done
    sessions = active_sessions(user, me())
    return render_template("admin/user_form.html", form=form, user=user, sessions=sessions)


@bp.post("/users/<int:user_id>/active")
@permission("admin.users")
def user_active(user_id: int):
    """Deactivate or reactivate an account."""
    user = load(User, user_id, "admin.users")
    active = request.form.get("active") == "1"
    done = _("The account was activated.") if active else _("The account was deactivated.")
    return save(lambda: services.set_active(user, active, me()), done, _account_page(user))


def _reset_minutes() -> int:
    return int(current_app.config["PASSWORD_RESET_VALID_FOR"].total_seconds() // 60)


@bp.route("/users/<int:user_id>/reset-password", methods=["GET", "POST"])
@permission("admin.users")
def user_reset_password(user_id: int):
    """Force a password reset after a confirmation page that says what will happen: the
    password stops working and the person gets a link by mail (nobody sees a password)."""
    user = load(User, user_id, "admin.users")
    if request.method != "POST":  # GET or HEAD: only the page, never the reset
        return render_template("admin/reset_password.html", user=user, minutes=_reset_minutes())
    sent = _(
        "The password of %(email)s no longer works and its sessions have ended. A link to "
        "choose a new password has been sent to %(email)s; it works for %(minutes)s minutes.",
        email=user.email,
        minutes=_reset_minutes(),
    )
    return save(lambda: services.reset_password(user, me()), sent, _account_page(user))


@bp.post("/users/<int:user_id>/welcome-link")
@permission("admin.users")
def user_welcome_link(user_id: int):
    """Send a new welcome link to a person who has never logged in (the earlier ones stop
    working)."""
    user = load(User, user_id, "admin.users")
    return save(
        lambda: services.send_welcome_again(user, me()), _welcome_sent(user), _account_page(user)
    )


def _one_or_new(model, object_id: int | None):
    """The organisation the URL names (404 when absent), or a new one for the "new" URL."""
    if object_id is None:
        return model()
    return load(model, object_id, "admin.organisations")


def _by_name(model) -> list:
    """Every municipality or every employer, by name."""
    return db.session.scalars(sa.select(model).order_by(model.name)).all()


def _organisation_page(kind: str, item, form, save_item):
    """The create-or-edit page of a municipality or an employer: `save_item(item, form)` and
    go to the list when the form is valid and no other has the same identity."""
    listing = url_for("admin.municipalities" if kind == "municipality" else "admin.employers")
    words = labels.ORGANISATION_PAGES[kind]
    if form.validate_on_submit():
        done = save(lambda: save_item(item, form), words["saved"], listing, form=form)
        if done:
            return done
    return render_template(
        "admin/organisation_form.html", form=form, item=item, listing=listing, words=words
    )


@bp.get("/municipalities")
@permission("admin.organisations")
def municipalities():
    """All municipalities."""
    return render_template("admin/municipalities.html", items=_by_name(Municipality))


@bp.route("/municipalities/new", methods=["GET", "POST"], defaults={"municipality_id": None})
@bp.route("/municipalities/<int:municipality_id>", methods=["GET", "POST"])
@permission("admin.organisations")
def municipality_edit(municipality_id: int | None):
    """Create or edit a municipality."""
    municipality = _one_or_new(Municipality, municipality_id)
    form = MunicipalityForm(obj=municipality)
    if request.method == "GET" and municipality.region:
        form.region_name.data = municipality.region.name
    return _organisation_page("municipality", municipality, form, services.save_municipality)


@bp.route("/municipalities/<int:municipality_id>/accessibility", methods=["GET", "POST"])
@permission("admin.accessibility")
def municipality_accessibility(municipality_id: int):
    """The municipality's accessibility statement: compliance, shortcomings, assessment date."""
    municipality = load(Municipality, municipality_id, "admin.accessibility")
    form = AccessibilityForm(obj=services.accessibility_values(municipality))
    if form.validate_on_submit():
        done = save(
            lambda: services.save_accessibility(municipality, form, me()),
            _("The accessibility statement was saved."),
            url_for("admin.municipality_accessibility", municipality_id=municipality.id),
            form=form,
        )
        if done:
            return done
    return render_template("admin/accessibility.html", form=form, municipality=municipality)


@bp.get("/employers")
@permission("admin.organisations")
def employers():
    """All employer organisations."""
    return render_template("admin/employers.html", items=_by_name(Employer))


@bp.route("/employers/new", methods=["GET", "POST"], defaults={"employer_id": None})
@bp.route("/employers/<int:employer_id>", methods=["GET", "POST"])
@permission("admin.organisations")
def employer_edit(employer_id: int | None):
    """Create or edit an employer organisation."""
    employer = _one_or_new(Employer, employer_id)
    form = EmployerForm(obj=employer)
    form.municipality_id.choices = [(0, _("None"))] + [
        (m.id, m.name) for m in _by_name(Municipality)
    ]
    if request.method == "GET":
        form.municipality_id.data = employer.municipality_id or 0
        if employer.org_number:
            form.org_number.data = employer.org_number_display
    return _organisation_page("employer", employer, form, services.save_employer)


@bp.get("/audit")
@permission("audit.view")
def audit():
    """The audit log (Loggbok): who read and changed what, and when, filtered by person,
    action, participant and period, with the names the administrator may see."""
    form = AuditFilterForm(request.args)
    filters = form if form.validate() else AuditFilterForm(formdata=None)
    query = services.audit_query(filters, current_user)
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    names = services.audit_names(page.items, current_user)
    if names["participants"]:
        seen_many("privacy.log_viewed", None, list(names["participants"]))
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        names=names,
        actions=labels.AUDIT_ACTIONS,
        kinds=labels.OBJECT_KINDS,
        filter_args=args,
        everyone_args={k: v for k, v in args.items() if k != "participant"},
    )
