"""Views of the administration area."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp, labels, services
from app.admin.access import grantable_roles, held_roles, users_visible_to
from app.admin.forms import (
    AuditFilterForm,
    EmployerForm,
    MunicipalityForm,
    NewUserForm,
    UserForm,
)
from app.auth.models import User, UserRole
from app.extensions import db
from app.main.home import admin_links
from app.organisations.models import Employer, Municipality
from app.permissions import can, load, permission
from app.vocab import Role
from app.web import page_number


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
    if q:
        query = query.where(sa.or_(User.name.ilike(f"%{q}%"), User.email.ilike(f"%{q}%")))
    if role in {r.value for r in Role}:
        query = query.where(User.role_rows.any(UserRole.role == Role(role)))
    page = db.paginate(query, page=page_number(), per_page=25, error_out=False)
    return render_template("admin/users.html", page=page, q=q, role=role, Role=Role)


def _user_form(form_class, user=None):
    """The user form offering only the organisations and roles the administrator may give."""
    form = form_class(obj=user)
    grantable = grantable_roles(current_user)
    kept = held_roles(user) - grantable if user is not None else set()
    return form.for_editor(services.organisation_choices(current_user), grantable, kept)


def _allowed(form, user=None) -> bool:
    """Email free, and a change within the administrator's scope; else errors at the fields."""
    ok = True
    if services.email_taken(form.email.data, exclude=user):
        form.email.errors.append(_("Another account already uses this email."))
        ok = False
    chosen = {Role(r) for r in form.roles.data}
    refusals = services.change_refusals(current_user, user, chosen, form.organisation.data)
    for field, code in refusals.items():
        getattr(form, field).errors.append(str(labels.REFUSALS[code]))
    return ok and not refusals


@bp.route("/users/new", methods=["GET", "POST"])
@permission("admin.users")
def user_new():
    """Create an account."""
    form = _user_form(NewUserForm)
    if form.validate_on_submit() and _allowed(form):
        user = services.add_user(form, current_user)
        db.session.commit()
        flash(_("The account %(email)s was created.", email=user.email), "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission("admin.users")
def user_edit(user_id: int):
    """Edit an account's details and the roles the administrator may give."""
    user = load(User, user_id, "admin.users")
    form = _user_form(UserForm, user)
    if request.method == "GET":
        form.organisation.data = services.organisation_value(user)
        form.roles.data = [r.value for r in held_roles(user) if r not in form.kept_roles]
    if form.validate_on_submit() and _allowed(form, user):
        services.update_user(user, form, current_user)
        db.session.commit()
        flash(_("The account was saved."), "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=user)


def _run(action) -> tuple[bool, object]:
    """Run an operation on a whole account and commit; when refused, roll back and say why."""
    try:
        result = action()
    except services.AdminRefused as refused:
        db.session.rollback()
        flash(str(labels.REFUSALS[refused.code]), "error")
        return False, None
    db.session.commit()
    return True, result


@bp.post("/users/<int:user_id>/active")
@permission("admin.users")
def user_active(user_id: int):
    """Deactivate or reactivate an account."""
    user = load(User, user_id, "admin.users")
    active = request.form.get("active") == "1"
    done, _result = _run(lambda: services.set_active(user, active, current_user))
    if done:
        flash(
            _("The account was activated.") if active else _("The account was deactivated."),
            "success",
        )
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-password")
@permission("admin.users")
def user_reset_password(user_id: int):
    """Give the account a new random password, shown once."""
    user = load(User, user_id, "admin.users")
    done, password = _run(lambda: services.reset_password(user, current_user))
    if done:
        flash(
            _(
                "New password for %(email)s: %(password)s — give it to the user; "
                "it is not shown again.",
                email=user.email,
                password=password,
            ),
            "success",
        )
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.get("/municipalities")
@permission("admin.organisations")
def municipalities():
    """All municipalities."""
    items = db.session.scalars(sa.select(Municipality).order_by(Municipality.name)).all()
    return render_template("admin/municipalities.html", items=items)


def _code_free(form, municipality) -> bool:
    taken = db.session.scalar(
        sa.select(Municipality.id).where(
            sa.or_(
                Municipality.code == form.code.data, Municipality.name == form.name.data.strip()
            ),
            Municipality.id != (municipality.id or 0),
        )
    )
    if taken:
        form.code.errors.append(_("A municipality with this code or name already exists."))
    return taken is None


@bp.route("/municipalities/new", methods=["GET", "POST"], defaults={"municipality_id": None})
@bp.route("/municipalities/<int:municipality_id>", methods=["GET", "POST"])
@permission("admin.organisations")
def municipality_edit(municipality_id: int | None):
    """Create or edit a municipality."""
    municipality = (
        db.get_or_404(Municipality, municipality_id) if municipality_id else Municipality()
    )
    form = MunicipalityForm(obj=municipality)
    if request.method == "GET" and municipality.region:
        form.region_name.data = municipality.region.name
    if form.validate_on_submit() and _code_free(form, municipality):
        services.save_municipality(municipality, form)
        db.session.commit()
        flash(_("The municipality was saved."), "success")
        return redirect(url_for("admin.municipalities"))
    return render_template("admin/municipality_form.html", form=form, item=municipality)


@bp.get("/employers")
@permission("admin.organisations")
def employers():
    """All employer organisations."""
    items = db.session.scalars(sa.select(Employer).order_by(Employer.name)).all()
    return render_template("admin/employers.html", items=items)


def _org_number_free(form, employer) -> bool:
    taken = db.session.scalar(
        sa.select(Employer.id).where(
            Employer.org_number == form.org_number.data, Employer.id != (employer.id or 0)
        )
    )
    if taken:
        form.org_number.errors.append(
            _("An employer with this organisation number already exists.")
        )
    return taken is None


@bp.route("/employers/new", methods=["GET", "POST"], defaults={"employer_id": None})
@bp.route("/employers/<int:employer_id>", methods=["GET", "POST"])
@permission("admin.organisations")
def employer_edit(employer_id: int | None):
    """Create or edit an employer organisation."""
    employer = db.get_or_404(Employer, employer_id) if employer_id else Employer()
    form = EmployerForm(obj=employer)
    form.municipality_id.choices = [(0, _("None"))] + [
        (m.id, m.name)
        for m in db.session.scalars(sa.select(Municipality).order_by(Municipality.name))
    ]
    if request.method == "GET":
        form.municipality_id.data = employer.municipality_id or 0
        if employer.org_number:
            form.org_number.data = employer.org_number_display
    if form.validate_on_submit() and _org_number_free(form, employer):
        services.save_employer(employer, form)
        db.session.commit()
        flash(_("The employer was saved."), "success")
        return redirect(url_for("admin.employers"))
    return render_template("admin/employer_form.html", form=form, item=employer)


@bp.get("/audit")
@permission("audit.view")
def audit():
    """Browse and filter the audit log."""
    form = AuditFilterForm(request.args)
    filters = form if form.validate() else AuditFilterForm(formdata=None)
    query = services.audit_query(filters, current_user)
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    return render_template("admin/audit.html", form=form, page=page)
