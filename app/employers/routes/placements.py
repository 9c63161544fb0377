"""Placements: recorded by the coach, followed up, ended with an outcome."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit import record
from app.cases.models import Case
from app.employers import bp
from app.employers.forms import EndPlacementForm, FollowUpForm, PlacementCreateForm
from app.employers.models import CompetenceNeed, Placement, PlacementFollowUp
from app.employers.routes.helpers import employers_near_query, refused
from app.employers.services import NotAllowed
from app.employers.services import placements as services
from app.employers.vocab import NeedStatus
from app.extensions import db, get_or_none
from app.organisations.models import Employer
from app.permissions import load, permission
from app.web import me


def _setup(form: PlacementCreateForm) -> PlacementCreateForm:
    employers = db.session.scalars(employers_near_query(current_user)).all()
    form.employer_id.choices = [(e.id, e.name) for e in employers]
    needs = db.session.execute(
        sa.select(CompetenceNeed.id, CompetenceNeed.title, Employer.name)
        .join(Employer, Employer.id == CompetenceNeed.employer_id)
        .where(
            CompetenceNeed.status == NeedStatus.OPEN,
            CompetenceNeed.employer_id.in_([e.id for e in employers]),
        )
        .order_by(Employer.name, CompetenceNeed.title)
    )
    form.need_id.choices = [(0, _("No particular need"))] + [
        (nid, f"{employer} – {title}") for nid, title, employer in needs
    ]
    return form


def _need_matches(form: PlacementCreateForm) -> CompetenceNeed | None:
    """The chosen need, which must belong to the chosen employer."""
    if not form.need_id.data:
        return None
    need = db.session.get(CompetenceNeed, form.need_id.data)
    if need is None or need.employer_id != form.employer_id.data:
        form.need_id.errors.append(_("Choose a need of the chosen employer."))
        return False
    return need


def _placement_data(form: PlacementCreateForm, need) -> dict:
    data = {
        name: form[name].data
        for name in ("form", "starts_on", "ends_on", "hours_per_week", "supervisor_name")
    }
    data["supervisor_name"] = data["supervisor_name"].strip()
    data["supervisor_contact"] = (form.supervisor_contact.data or "").strip() or None
    data["agreed_adaptations"] = (form.agreed_adaptations.data or "").strip() or None
    data["employer"] = db.session.get(Employer, form.employer_id.data)
    data["need"] = need
    return data


@bp.route("/cases/<int:case_id>/placements/new", methods=["GET", "POST"])
@permission("placement.create")
def placement_new(case_id: int):
    """Record an employment, work trial or apprenticeship for a case in matching."""
    case = load(Case, case_id, "placement.create")
    form = _setup(PlacementCreateForm())
    if form.validate_on_submit():
        need = _need_matches(form)
        if need is not False:
            try:
                placement = services.create_placement(case, _placement_data(form, need), me())
                db.session.commit()
                flash(_("The placement was recorded."), "success")
                return redirect(url_for("employers.placement", placement_id=placement.id))
            except NotAllowed as exc:
                db.session.rollback()
                refused(exc)
    return render_template("employers/placement_form.html", form=form, case=case)


@bp.get("/placements/<int:placement_id>")
@permission("placement.view")
def placement(placement_id: int):
    """A placement with its follow-ups."""
    item = load(Placement, placement_id, "placement.view")
    record("employers.placement_viewed", item, participant_id=item.participant_id)
    db.session.commit()
    return render_template(
        "employers/placement.html",
        item=item,
        follow_up_form=FollowUpForm(formdata=None),
        end_form=EndPlacementForm(formdata=None),
    )


def _try(item: Placement, change, success: str):
    try:
        change()
        db.session.commit()
        flash(success, "success")
    except NotAllowed as exc:
        db.session.rollback()
        refused(exc)
    return redirect(url_for("employers.placement", placement_id=item.id))


def _again(item: Placement, **forms):
    return render_template(
        "employers/placement.html",
        item=item,
        follow_up_form=forms.get("follow_up_form") or FollowUpForm(formdata=None),
        end_form=forms.get("end_form") or EndPlacementForm(formdata=None),
        failed_follow_up=forms.get("follow_up_id"),
    )


@bp.post("/placements/<int:placement_id>/follow-ups/<int:follow_up_id>")
@permission("placement.edit")
def placement_follow_up(placement_id: int, follow_up_id: int):
    """Record a follow-up of the placement."""
    item = load(Placement, placement_id, "placement.edit")
    follow_up = get_or_none(PlacementFollowUp, follow_up_id)
    if follow_up is None or follow_up.placement_id != item.id:
        abort(404)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _again(item, follow_up_form=form, follow_up_id=follow_up.id)
    still = form.still_in_place.data == "yes"
    notes = (form.notes.data or "").strip()
    return _try(
        item,
        lambda: services.record_follow_up(follow_up, still, notes, me()),
        _("The follow-up was recorded."),
    )


@bp.post("/placements/<int:placement_id>/end")
@permission("placement.edit")
def placement_end(placement_id: int):
    """End the placement with its outcome; the case returns to matching or closes."""
    item = load(Placement, placement_id, "placement.edit")
    form = EndPlacementForm()
    if not form.validate_on_submit():
        return _again(item, end_form=form)
    try:
        moved = services.end_placement(
            item, form.outcome.data, form.ended_on.data, form.close_case.data, me()
        )
        db.session.commit()
        flash(_("The placement was ended."), "success")
        if not moved:
            flash(_("The case could not change stage; move it on the case page."), "warning")
    except NotAllowed as exc:
        db.session.rollback()
        refused(exc)
    return redirect(url_for("employers.placement", placement_id=item.id))
