"""Views of the administration area."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp, services
from app.admin.forms import (
    AuditFilterForm,
    EmployerForm,
    MunicipalityForm,
    NewUserForm,
    UserForm,
)
from app.admin.models import Municipality
from app.auth.models import User, UserRole
from app.employers.models import Employer
from app.extensions import db
from app.main.home import admin_links
from app.permissions import Role, permission


@bp.get("/")
@permission("admin.manage")
def index():
    """Overview of the administration pages."""
    counts = {
        "users": db.session.scalar(sa.select(sa.func.count(User.id))),
        "municipalities": db.session.scalar(sa.select(sa.func.count(Municipality.id))),
        "employers": db.session.scalar(sa.select(sa.func.count(Employer.id))),
    }
    return render_template("admin/index.html", counts=counts, admin_links=admin_links())


@bp.get("/users")
@permission("admin.manage")
def users():
    """All accounts, searchable by name or email and filterable by role."""
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    query = sa.select(User).order_by(User.name)
    if q:
        query = query.where(sa.or_(User.name.ilike(f"%{q}%"), User.email.ilike(f"%{q}%")))
    if role in {r.value for r in Role}:
        query = query.where(User.role_rows.any(UserRole.role == Role(role)))
    page = db.paginate(query, per_page=25, error_out=False)
    return render_template("admin/users.html", page=page, q=q, role=role, Role=Role)


def _user_form_setup(form):
    form.organisation.choices = services.organisation_choices()
    return form


def _email_free(form, user=None) -> bool:
    if services.email_taken(form.email.data, exclude=user):
        form.email.errors.append(_("Another account already uses this email."))
        return False
    return True


@bp.route("/users/new", methods=["GET", "POST"])
@permission("admin.manage")
def user_new():
    """Create an account."""
    form = _user_form_setup(NewUserForm())
    if form.validate_on_submit() and _email_free(form):
        user = services.add_user(form)
        db.session.commit()
        flash(_("The account %(email)s was created.", email=user.email), "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission("admin.manage")
def user_edit(user_id: int):
    """Edit an account's details and roles."""
    user = db.get_or_404(User, user_id)
    form = _user_form_setup(UserForm(obj=user))
    if request.method == "GET":
        form.organisation.data = (
            f"m:{user.municipality_id}" if user.municipality_id else f"e:{user.employer_id}"
        )
        form.roles.data = [row.role.value for row in user.role_rows]
    if form.validate_on_submit() and _email_free(form, user):
        services.update_user(user, form)
        db.session.commit()
        flash(_("The account was saved."), "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.post("/users/<int:user_id>/active")
@permission("admin.manage")
def user_active(user_id: int):
    """Deactivate or reactivate an account."""
    user = db.get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    if user.id == current_user.id and not active:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        services.set_active(user, active)
        db.session.commit()
        flash(
            _("The account was activated.") if active else _("The account was deactivated."),
            "success",
        )
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-password")
@permission("admin.manage")
def user_reset_password(user_id: int):
    """Give the account a new random password, shown once."""
    user = db.get_or_404(User, user_id)
    password = services.reset_password(user)
    db.session.commit()
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
@permission("admin.manage")
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
@permission("admin.manage")
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
@permission("admin.manage")
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
@permission("admin.manage")
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
    query = (
        services.audit_query(form) if form.validate() else services.audit_query(AuditFilterForm())
    )
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("admin/audit.html", form=form, page=page)
