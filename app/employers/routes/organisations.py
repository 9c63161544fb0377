"""Employer organisations: the overview, an employer's page and the contact log."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import User
from app.employers import bp
from app.employers.forms import ContactForm
from app.employers.models import CompetenceNeed, EmployerContact, Introduction, Placement
from app.employers.routes.helpers import employers_near_query
from app.employers.services import needs as need_services
from app.extensions import db
from app.organisations.models import Employer
from app.permissions import load, permission
from app.vocab import Role
from app.web import me


@bp.get("/")
@permission("employers.index")
def index():
    """Employers see their own organisation; staff the employers of their region."""
    if current_user.has_role(Role.EMPLOYER) and current_user.employer_id:
        return redirect(url_for("employers.employer", employer_id=current_user.employer_id))
    page = db.paginate(employers_near_query(current_user), per_page=25, error_out=False)
    open_needs = dict(
        db.session.execute(
            sa.select(CompetenceNeed.employer_id, sa.func.count(CompetenceNeed.id))
            .where(CompetenceNeed.employer_id.in_([e.id for e in page.items]))
            .where(CompetenceNeed.status == "open")
            .group_by(CompetenceNeed.employer_id)
        ).all()
    )
    return render_template("employers/index.html", page=page, open_needs=open_needs)


def _needs(employer: Employer) -> list[CompetenceNeed]:
    return list(
        db.session.scalars(
            sa.select(CompetenceNeed)
            .where(CompetenceNeed.employer_id == employer.id)
            .order_by(CompetenceNeed.status, CompetenceNeed.created_at.desc())
        )
    )


@bp.get("/<int:employer_id>")
@permission("employer.view")
def employer(employer_id: int):
    """An employer: its needs, contact persons and (for staff) contacts and placements."""
    item = load(Employer, employer_id, "employer.view")
    staff = current_user.has_role(Role.COACH, Role.ADMIN)
    context = {
        "employer": item,
        "needs": _needs(item),
        "people": db.session.scalars(
            sa.select(User).where(User.employer_id == item.id, User.is_active.is_(True))
        ).all(),
        "contacts": [],
        "placements": [],
        "introductions": [],
    }
    if staff:
        context["contacts"] = db.session.scalars(
            sa.select(EmployerContact)
            .where(EmployerContact.employer_id == item.id)
            .order_by(EmployerContact.occurred_on.desc(), EmployerContact.id.desc())
            .limit(50)
        ).all()
        context["placements"] = db.session.scalars(
            sa.select(Placement)
            .where(Placement.employer_id == item.id)
            .order_by(Placement.starts_on.desc())
            .limit(50)
        ).all()
    else:
        context["introductions"] = db.session.scalars(
            sa.select(Introduction)
            .where(Introduction.employer_id == item.id)
            .order_by(Introduction.created_at.desc())
            .limit(50)
        ).all()
    return render_template("employers/employer.html", **context)


@bp.route("/<int:employer_id>/contacts/new", methods=["GET", "POST"])
@permission("employer.contacts")
def contact_new(employer_id: int):
    """Write a meeting, business breakfast or visit into the employer's contact log."""
    item = load(Employer, employer_id, "employer.contacts")
    form = ContactForm()
    if form.validate_on_submit():
        fields = ("kind", "occurred_on", "attendees", "notes", "follow_up_on", "follow_up")
        need_services.add_contact(item, {f: form[f].data or None for f in fields}, me())
        db.session.commit()
        flash(_("The contact was added to the log."), "success")
        return redirect(url_for("employers.employer", employer_id=item.id))
    return render_template("employers/contact_form.html", form=form, employer=item)
