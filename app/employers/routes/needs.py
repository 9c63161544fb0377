"""Competence needs: create, edit, close, and the candidates that match them."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.employers import bp, queries
from app.employers.forms import CompetenceNeedForm, MatchFilterForm
from app.employers.models import CompetenceNeed
from app.employers.services import needs as services
from app.employers.services.matches import match_page
from app.frameworks.services import unit_groups
from app.organisations.models import Employer
from app.permissions import permission
from app.vocab import Role
from app.web import load, me, save, seen, seen_many


def _unit_label(unit) -> str:
    return f"{unit.framework.name} v{unit.framework.version} – {unit.code} {unit.title}"


def _setup(form: CompetenceNeedForm) -> CompetenceNeedForm:
    units = services.published_units()
    choices = [(u.id, _unit_label(u)) for u in units]
    form.required.choices = choices
    form.desired.choices = choices
    form.municipality_id.choices = queries.municipality_choices()
    form.unit_groups = unit_groups(units)
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


def _save(need: CompetenceNeed, form: CompetenceNeedForm):
    """Save the need from the form and show it; None when refused."""
    return save(
        lambda: services.save_need(need, _data(form), me()),
        _("The competence need was saved."),
        lambda saved: url_for("employers.need", need_id=saved.id),
        form=form,
    )


def _new_need_form(employer: Employer) -> CompetenceNeedForm:
    """An empty need, in the employer's municipality."""
    form = _setup(CompetenceNeedForm())
    if request.method == "GET" and employer.municipality_id:
        form.municipality_id.data = employer.municipality_id
    return form


def _need_form(need: CompetenceNeed) -> CompetenceNeedForm:
    """The need as it is, its required and desired units apart."""
    form = _setup(CompetenceNeedForm(obj=need))
    if request.method == "GET":
        form.required.data = [row.unit_id for row in need.units if row.is_required]
        form.desired.data = [row.unit_id for row in need.units if not row.is_required]
    return form


@bp.route("/<int:employer_id>/needs/new", methods=["GET", "POST"])
@permission("need.create")
def need_new(employer_id: int):
    """Describe a new competence need, for one's own organisation or on its behalf."""
    employer = load(Employer, employer_id, "need.create")
    form = _new_need_form(employer)
    if form.validate_on_submit():
        done = _save(CompetenceNeed(employer=employer), form)
        if done:
            return done
    return render_template("employers/need_form.html", form=form, employer=employer, need=None)


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@permission("need.edit")
def need_edit(need_id: int):
    """Change a competence need."""
    need = load(CompetenceNeed, need_id, "need.edit")
    form = _need_form(need)
    if form.validate_on_submit():
        done = _save(need, form)
        if done:
            return done
    return render_template("employers/need_form.html", form=form, employer=need.employer, need=need)


@bp.post("/needs/<int:need_id>/status")
@permission("need.edit")
def need_status(need_id: int):
    """Close an open need, or reopen a closed or filled one."""
    need = load(CompetenceNeed, need_id, "need.edit")
    wanted = request.form.get("status", "")
    return save(
        lambda: services.change_need_status(need, wanted, me()),
        _("The status of the need was changed."),
        url_for("employers.need", need_id=need.id),
    )


@bp.get("/needs/<int:need_id>")
@permission("need.view")
def need(need_id: int):
    """A competence need and the introductions asked for it."""
    item = load(CompetenceNeed, need_id, "need.view")
    employer_view = current_user.has_role(Role.EMPLOYER)
    return render_template(
        "employers/need.html",
        need=item,
        introductions=queries.introductions_for(item, candidates_only=employer_view),
        filled=services.filled_positions(item),
    )


def _filter_form() -> MatchFilterForm:
    form = MatchFilterForm(request.args)
    form.municipality.choices = [(0, _("Anywhere"))] + queries.municipality_choices()
    form.unit.choices = [(0, _("Any unit"))] + [
        (u.id, _unit_label(u)) for u in services.published_units()
    ]
    return form


def _log_shown(need: CompetenceNeed, participant_ids: list[int]) -> None:
    """The list in one line; for an employer, also a line for each candidate shown."""
    seen("employers.candidates_listed", need, details={"shown": participant_ids})
    if current_user.has_role(Role.EMPLOYER):
        seen_many("employers.candidate_shown", need, participant_ids)


@bp.get("/needs/<int:need_id>/candidates")
@permission("need.view")
def need_candidates(need_id: int):
    """Candidates for a need, ranked and explained: full matches, then close matches."""
    item = load(CompetenceNeed, need_id, "need.view", options=queries.shown_with_need())
    form = _filter_form()
    valid = form.validate()
    page = match_page(item, form if valid else None, request.args)
    _log_shown(item, page.participant_ids)
    return render_template(
        "employers/need_candidates.html", need=item, form=form, page=page, valid=valid
    )
