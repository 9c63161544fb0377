"""Placements: recorded by the coach, followed up, ended with an outcome."""

from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases.models import Case
from app.employers import bp, queries
from app.employers.forms import EndPlacementForm, FollowUpForm, PlacementCreateForm
from app.employers.models import CompetenceNeed, Placement, PlacementFollowUp
from app.employers.services import placements as services
from app.extensions import db
from app.organisations.models import Employer
from app.permissions import permission
from app.web import load, me, save, seen


def _setup(form: PlacementCreateForm) -> PlacementCreateForm:
    """The employers the coach works with, and their open needs, to choose from."""
    employers = queries.employers_near(current_user)
    form.employer_id.choices = [(e.id, e.name) for e in employers]
    needs = queries.open_needs_of_employers([e.id for e in employers])
    form.need_id.choices = [(0, _("No particular need"))] + [
        (nid, f"{employer} – {title}") for nid, title, employer, _employer_id in needs
    ]
    form.need_employers = {nid: employer_id for nid, _title, _employer, employer_id in needs}
    return form


def _placement_data(form: PlacementCreateForm) -> dict:
    data = {
        name: form[name].data
        for name in ("form", "starts_on", "ends_on", "hours_per_week", "supervisor_name")
    }
    data["supervisor_name"] = data["supervisor_name"].strip()
    data["supervisor_contact"] = (form.supervisor_contact.data or "").strip() or None
    data["agreed_adaptations"] = (form.agreed_adaptations.data or "").strip() or None
    data["employer"] = db.session.get(Employer, form.employer_id.data)
    data["need"] = db.session.get(CompetenceNeed, form.need_id.data) if form.need_id.data else None
    return data


def _here(placement: Placement) -> str:
    return url_for("employers.placement", placement_id=placement.id)


def _record_placement(case: Case, form: PlacementCreateForm):
    """Record the placement and show it; None when refused."""
    return save(
        lambda: services.create_placement(case, _placement_data(form), me()),
        _("The placement was recorded."),
        _here,
        form=form,
    )


@bp.route("/cases/<int:case_id>/placements/new", methods=["GET", "POST"])
@permission("placement.create")
def placement_new(case_id: int):
    """Record an employment, work trial or apprenticeship for a case in matching."""
    case = load(Case, case_id, "placement.create")
    form = _setup(PlacementCreateForm())
    if form.validate_on_submit():
        done = _record_placement(case, form)
        if done:
            return done
    return _new_page(case, form)


def _new_page(case: Case, form: PlacementCreateForm):
    """The form under the case's header, whose read of the case is logged."""
    seen("case.viewed", case, participant_id=case.participant_id)
    return render_template("employers/placement_form.html", form=form, case=case)


def _page(item: Placement, **forms):
    """The placement with its follow-ups, and the forms to follow it up and end it (those
    sent, with their errors; `follow_up_id`: the follow-up whose form was refused)."""
    return render_template(
        "employers/placement.html",
        item=item,
        follow_up_form=forms.get("follow_up_form") or FollowUpForm(formdata=None),
        end_form=forms.get("end_form") or EndPlacementForm(formdata=None),
        failed_follow_up=forms.get("follow_up_id"),
    )


@bp.get("/placements/<int:placement_id>")
@permission("placement.view")
def placement(placement_id: int):
    """A placement with its follow-ups."""
    item = load(Placement, placement_id, "placement.view")
    seen("employers.placement_viewed", item, participant_id=item.participant_id)
    return _page(item)


def _follow_up(placement_id: int, follow_up_id: int) -> PlacementFollowUp:
    """The follow-up the URL names, of the placement it names, which the user may edit."""
    follow_up = load(PlacementFollowUp, follow_up_id, "placement.edit", of=lambda f: f.placement)
    if follow_up.placement_id != placement_id:
        abort(404)
    return follow_up


def _record_follow_up(follow_up: PlacementFollowUp, form: FollowUpForm):
    """Record the follow-up and show the placement (there too when refused)."""
    still = form.still_in_place.data == "yes"
    notes = (form.notes.data or "").strip()
    return save(
        lambda: services.record_follow_up(follow_up, still, notes, me()),
        _("The follow-up was recorded."),
        _here(follow_up.placement),
    )


@bp.post("/placements/<int:placement_id>/follow-ups/<int:follow_up_id>")
@permission("placement.edit")
def placement_follow_up(placement_id: int, follow_up_id: int):
    """Record a follow-up of the placement."""
    follow_up = _follow_up(placement_id, follow_up_id)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _page(follow_up.placement, follow_up_form=form, follow_up_id=follow_up.id)
    return _record_follow_up(follow_up, form)


def _end(item: Placement, form: EndPlacementForm):
    """End the placement and show it (there too when refused), with a warning when the case
    could not change stage with it."""
    outcome, ended_on, close_case = form.outcome.data, form.ended_on.data, form.close_case.data

    def to(moved: bool) -> str:
        if not moved:
            flash(_("The case could not change stage; move it on the case page."), "warning")
        return _here(item)

    return save(
        lambda: services.end_placement(item, outcome, ended_on, close_case, me()),
        _("The placement was ended."),
        to,
        back=_here(item),
    )


@bp.post("/placements/<int:placement_id>/end")
@permission("placement.edit")
def placement_end(placement_id: int):
    """End the placement with its outcome; the case returns to matching or closes."""
    item = load(Placement, placement_id, "placement.edit")
    form = EndPlacementForm()
    if not form.validate_on_submit():
        return _page(item, end_form=form)
    return _end(item, form)
