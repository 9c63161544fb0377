"""The manager's pages: refer an employee, and the staff in validation they follow."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _

from app.cases import labels as case_labels
from app.permissions import permission
from app.staff import bp
from app.staff.forms import StaffReferralForm
from app.staff.models import StaffReferral
from app.staff.queries import my_staff, progress_of
from app.staff.services import refer_own_staff
from app.web import load, me, save, seen, seen_many

PERSON_DATA = ("first_name", "last_name", "phone", "email")
REFERRAL_DATA = ("goal", "reason", "referrer_contact")


@bp.context_processor
def words() -> dict:
    """The words of the cases area for stages and referral statuses."""
    return {"case_labels": case_labels}


@bp.get("/")
@permission("staff.list")
def index():
    """My staff in validation: each employee who consented, with stage, units and certificate."""
    rows = my_staff(me())
    seen_many("staff.progress_shown", None, [row.participant_id for row in rows])
    return render_template("staff/index.html", rows=rows)


@bp.get("/<int:link_id>")
@permission("staff.follow")
def employee(link_id: int):
    """One employee's progress, as their manager may see it."""
    link = load(StaffReferral, link_id, "staff.follow")
    row = progress_of([link])[0]
    seen("staff.progress_viewed", link, participant_id=row.participant_id)
    return render_template("staff/employee.html", row=row)


@bp.route("/refer", methods=["GET", "POST"])
@permission("staff.refer")
def refer():
    """Refer one of my staff for validation, with their consent that I follow the progress."""
    form = StaffReferralForm()
    if form.validate_on_submit():
        done = save(
            lambda: _refer(form),
            _("The referral was sent to the municipality's validation team."),
            lambda link: url_for("staff.employee", link_id=link.id),
            form=form,
        )
        if done:
            return done
    return render_template("staff/refer.html", form=form)


def _refer(form) -> StaffReferral:
    person = {name: form[name].data for name in PERSON_DATA}
    data = {name: form[name].data for name in REFERRAL_DATA}
    return refer_own_staff(me(), form.personal_number.parsed, person, data)
