"""Competence needs: create, edit, close, and the candidates that match them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit import record, record_many
from app.cases.models import Participant
from app.employers import bp
from app.employers.forms import CompetenceNeedForm, MatchFilterForm
from app.employers.models import CompetenceNeed, Introduction
from app.employers.queries import candidate_condition
from app.employers.routes.helpers import municipality_choices
from app.employers.services import needs as services
from app.employers.services.matches import match_page
from app.employers.vocab import NeedStatus
from app.extensions import db
from app.organisations.models import Employer
from app.permissions import load, permission, require
from app.vocab import Role
from app.web import me


def _unit_label(unit) -> str:
    return f"{unit.framework.name} v{unit.framework.version} – {unit.code} {unit.title}"


def _setup(form: CompetenceNeedForm) -> CompetenceNeedForm:
    choices = [(u.id, _unit_label(u)) for u in services.published_units()]
    form.required.choices = choices
    form.desired.choices = choices
    form.municipality_id.choices = municipality_choices()
    return form


def _data(form: CompetenceNeedForm) -> dict:
    data = {name: form[name].data for name in services.NEED_FIELDS}
    for name in ("ssyk_code", "working_hours", "adaptations_offered", "description"):
        data[name] = data[name] or None
    data["title"] = data["title"].strip()
    data["municipality_id"] = form.municipality_id.data
    data["required"] = list(dict.fromkeys(form.required.data or []))
    data["desired"] = list(dict.fromkeys(form.desired.data or []))
    return data


@bp.route("/<int:employer_id>/needs/new", methods=["GET", "POST"])
@permission("need.create")
def need_new(employer_id: int):
    """Describe a new competence need, for one's own organisation or on its behalf."""
    employer = load(Employer, employer_id, "need.create")
    form = _setup(CompetenceNeedForm())
    if request.method == "GET" and employer.municipality_id:
        form.municipality_id.data = employer.municipality_id
    if form.validate_on_submit():
        need = services.save_need(CompetenceNeed(employer=employer), _data(form), me())
        db.session.commit()
        flash(_("The competence need was saved."), "success")
        return redirect(url_for("employers.need", need_id=need.id))
    return render_template("employers/need_form.html", form=form, employer=employer, need=None)


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@permission("need.edit")
def need_edit(need_id: int):
    """Change a competence need."""
    need = load(CompetenceNeed, need_id, "need.edit")
    form = _setup(CompetenceNeedForm(obj=need))
    if request.method == "GET":
        form.required.data = [row.unit_id for row in need.units if row.is_required]
        form.desired.data = [row.unit_id for row in need.units if not row.is_required]
    if form.validate_on_submit():
        services.save_need(need, _data(form), me())
        db.session.commit()
        flash(_("The competence need was saved."), "success")
        return redirect(url_for("employers.need", need_id=need.id))
    return render_template("employers/need_form.html", form=form, employer=need.employer, need=need)


@bp.post("/needs/<int:need_id>/status")
@permission("need.edit")
def need_status(need_id: int):
    """Close an open need, or reopen a closed or filled one."""
    need = load(CompetenceNeed, need_id, "need.edit")
    wanted = request.form.get("status", "")
    allowed = {NeedStatus.OPEN: NeedStatus.CLOSED, NeedStatus.CLOSED: NeedStatus.OPEN}
    allowed_from_filled = {NeedStatus.FILLED: NeedStatus.OPEN}
    target = {**allowed, **allowed_from_filled}.get(need.status)
    if target is None or wanted != target.value:
        flash(_("The need cannot change to that status."), "error")
    else:
        services.set_need_status(need, target, me())
        db.session.commit()
        flash(_("The status of the need was changed."), "success")
    return redirect(url_for("employers.need", need_id=need.id))


@bp.get("/needs/<int:need_id>")
@permission("need.view")
def need(need_id: int):
    """A competence need and the introductions asked for it."""
    item = load(CompetenceNeed, need_id, "need.view")
    query = sa.select(Introduction).where(Introduction.need_id == item.id)
    if current_user.has_role(Role.EMPLOYER):
        query = query.join(Participant, Participant.id == Introduction.participant_id).where(
            candidate_condition()
        )
    introductions = db.session.scalars(query.order_by(Introduction.created_at.desc())).all()
    return render_template(
        "employers/need.html",
        need=item,
        introductions=introductions,
        filled=services.filled_positions(item),
    )


def _filter_form(need: CompetenceNeed) -> MatchFilterForm:
    form = MatchFilterForm(request.args)
    form.municipality.choices = [(0, _("Anywhere"))] + municipality_choices()
    form.unit.choices = [(0, _("Any unit"))] + [
        (u.id, _unit_label(u)) for u in services.published_units()
    ]
    return form


@bp.get("/needs/<int:need_id>/candidates")
@permission("need.view")
def need_candidates(need_id: int):
    """Candidates for a need, ranked and explained: full matches, then close matches."""
    item = load(CompetenceNeed, need_id, "need.view")
    form = _filter_form(item)
    valid = form.validate()
    page = match_page(item, form if valid else None, request.args)
    record("employers.candidates_listed", item, details={"shown": page.participant_ids})
    if current_user.has_role(Role.EMPLOYER):
        record_many("employers.candidate_shown", item, page.participant_ids)
    db.session.commit()
    return render_template(
        "employers/need_candidates.html", need=item, form=form, page=page, valid=valid
    )


def require_need(need_id: int) -> CompetenceNeed:
    """A need the user may view, for links from other views."""
    item = db.session.get(CompetenceNeed, need_id)
    if item is None:
        abort(404)
    require("need.view", item)
    return item
