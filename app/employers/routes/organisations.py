"""Employer organisations: the overview, an employer's page and the contact log."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.employers import bp, queries
from app.employers.forms import ContactForm
from app.employers.services import needs as need_services
from app.extensions import db
from app.organisations.models import Employer
from app.permissions import permission
from app.vocab import Role
from app.web import load, me, save

CONTACT_FIELDS = ("kind", "occurred_on", "attendees", "notes", "follow_up_on", "follow_up")


@bp.get("/")
@permission("employers.index")
def index():
    """Employers see their own organisation; staff the employers of their region."""
    if current_user.has_role(Role.EMPLOYER) and current_user.employer_id:
        return redirect(url_for("employers.employer", employer_id=current_user.employer_id))
    page = db.paginate(queries.employers_near_query(current_user), per_page=25, error_out=False)
    open_needs = queries.open_need_counts([e.id for e in page.items])
    return render_template("employers/index.html", page=page, open_needs=open_needs)


def _employer_page(employer: Employer) -> dict:
    """What an employer's page shows: staff see the contact log and the placements, the
    employer its introductions."""
    staff = current_user.has_role(Role.COACH, Role.ADMIN)
    return {
        "employer": employer,
        "needs": queries.needs_of(employer),
        "people": queries.people_of(employer),
        "contacts": queries.contacts_with(employer) if staff else [],
        "placements": queries.placements_at(employer) if staff else [],
        "introductions": [] if staff else queries.introductions_of(employer.id),
    }


@bp.get("/<int:employer_id>")
@permission("employer.view")
def employer(employer_id: int):
    """An employer: its needs, contact persons and (for staff) contacts and placements."""
    item = load(Employer, employer_id, "employer.view", options=[joinedload(Employer.municipality)])
    return render_template("employers/employer.html", **_employer_page(item))


def _add_contact(employer: Employer, form: ContactForm):
    """Write the contact into the log and show the employer; None when refused."""
    data = {name: form[name].data or None for name in CONTACT_FIELDS}
    return save(
        lambda: need_services.add_contact(employer, data, me()),
        _("The contact was added to the log."),
        url_for("employers.employer", employer_id=employer.id),
        form=form,
    )


@bp.route("/<int:employer_id>/contacts/new", methods=["GET", "POST"])
@permission("employer.contacts")
def contact_new(employer_id: int):
    """Write a meeting, business breakfast or visit into the employer's contact log."""
    item = load(Employer, employer_id, "employer.contacts")
    form = ContactForm()
    if form.validate_on_submit():
        done = _add_contact(item, form)
        if done:
            return done
    return render_template("employers/contact_form.html", form=form, employer=item)
