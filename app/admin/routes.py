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


def _one_or_new(model, object_id: int | None):
    """The organisation the URL names (404 when absent), or a new one for the "new" URL."""
    return db.get_or_404(model, object_id) if object_id else model()


def _by_name(model) -> list:
    """Every municipality or every employer, by name."""
    return db.session.scalars(sa.select(model).order_by(model.name)).all()


def _free(item, same, field, message: str) -> bool:
    """Whether no other organisation of the item's kind matches `same`; if one does, `message`
    is shown at `field`."""
    model = type(item)
    taken = db.session.scalar(sa.select(model.id).where(same, model.id != (item.id or 0)))
    if taken:
        field.errors.append(message)
    return taken is None


def _organisation_page(kind: str, item, form, free, save):
    """The create-or-edit page of a municipality or an employer: save and go to the list when
    the form is valid and `free(form, item)` finds no other with the same identity."""
    listing = url_for("admin.municipalities" if kind == "municipality" else "admin.employers")
    words = labels.ORGANISATION_PAGES[kind]
    if form.validate_on_submit() and free(form, item):
        save(item, form)
        db.session.commit()
        flash(str(words["saved"]), "success")
        return redirect(listing)
    return render_template(
        "admin/organisation_form.html", form=form, item=item, listing=listing, words=words
    )


@bp.get("/municipalities")
@permission("admin.organisations")
def municipalities():
    """All municipalities."""
    return render_template("admin/municipalities.html", items=_by_name(Municipality))


def _code_free(form, municipality) -> bool:
    same = sa.or_(Municipality.code == form.code.data, Municipality.name == form.name.data.strip())
    message = _("A municipality with this code or name already exists.")
    return _free(municipality, same, form.code, message)


@bp.route("/municipalities/new", methods=["GET", "POST"], defaults={"municipality_id": None})
@bp.route("/municipalities/<int:municipality_id>", methods=["GET", "POST"])
@permission("admin.organisations")
def municipality_edit(municipality_id: int | None):
    """Create or edit a municipality."""
    municipality = _one_or_new(Municipality, municipality_id)
    form = MunicipalityForm(obj=municipality)
    if request.method == "GET" and municipality.region:
        form.region_name.data = municipality.region.name
    return _organisation_page(
        "municipality", municipality, form, _code_free, services.save_municipality
    )


@bp.get("/employers")
@permission("admin.organisations")
def employers():
    """All employer organisations."""
    return render_template("admin/employers.html", items=_by_name(Employer))


def _org_number_free(form, employer) -> bool:
    same = Employer.org_number == form.org_number.data
    message = _("An employer with this organisation number already exists.")
    return _free(employer, same, form.org_number, message)


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
    return _organisation_page("employer", employer, form, _org_number_free, services.save_employer)


@bp.get("/audit")
@permission("audit.view")
def audit():
    """Browse and filter the audit log."""
    form = AuditFilterForm(request.args)
    filters = form if form.validate() else AuditFilterForm(formdata=None)
    query = services.audit_query(filters, current_user)
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    return render_template("admin/audit.html", form=form, page=page)
