"""A case's funding projects: tagged from the case page, with the dates of participation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit import record
from app.cases.access import shows_identity
from app.cases.models import Case
from app.extensions import db, get_or_none
from app.permissions import load, permission, require
from app.reports import bp
from app.reports.forms import EndParticipationForm, ParticipationForm
from app.reports.models import FundingParticipation, FundingProject
from app.reports.services import (
    NotAllowed,
    end_participation,
    participations_of,
    projects_for_case,
    remove_participation,
    tag_case,
)


def _page(case: Case, form: ParticipationForm | None = None, end_form=None, failed=None):
    form = form or _with_projects(ParticipationForm(formdata=None), case)
    participant = case.participant
    shown = shows_identity(current_user, participant)
    record("funding.viewed", case, participant_id=participant.id)
    db.session.commit()
    return render_template(
        "reports/case_funding.html",
        case=case,
        participant_name=participant.full_name if shown else None,
        participations=participations_of(case),
        form=form,
        end_form=end_form or EndParticipationForm(formdata=None),
        failed=failed,
    )


def _with_projects(form: ParticipationForm, case: Case) -> ParticipationForm:
    form.project.choices = [("", _("Choose a project"))] + [
        (p.id, str(p)) for p in projects_for_case(case)
    ]
    return form


@bp.get("/cases/<int:case_id>/funding")
@permission("funding.case")
def case_funding(case_id: int):
    """The funding projects the case takes part in."""
    case = load(Case, case_id, "funding.case")
    return _page(case)


@bp.post("/cases/<int:case_id>/funding")
@permission("funding.tag")
def case_funding_add(case_id: int):
    """Tag the case with a funding project from a start date."""
    case = load(Case, case_id, "funding.tag")
    form = _with_projects(ParticipationForm(), case)
    if not form.validate_on_submit():
        return _page(case, form)
    project = db.session.get(FundingProject, form.project.data)
    try:
        tag_case(case, project, form.starts_on.data, form.ends_on.data, current_user)
        db.session.commit()
    except NotAllowed as exc:
        db.session.rollback()
        form[exc.field].errors.append(exc.message)
        return _page(db.session.get(Case, case_id), form)
    flash(_("The case was tagged with the funding project."), "success")
    return redirect(url_for("reports.case_funding", case_id=case.id))


def _participation(participation_id: int) -> FundingParticipation:
    """The participation named in the URL; 404 unless the user may edit its case."""
    participation = get_or_none(FundingParticipation, participation_id)
    if participation is None:
        abort(404)
    require("funding.tag", participation.case)
    return participation


@bp.post("/participations/<int:participation_id>/end")
@permission("funding.tag")
def participation_end(participation_id: int):
    """Record the day the case's participation ended."""
    participation = _participation(participation_id)
    case = participation.case
    form = EndParticipationForm()
    if not form.validate_on_submit():
        return _page(case, end_form=form, failed=participation.id)
    try:
        end_participation(participation, form.ends_on.data, current_user)
        db.session.commit()
    except NotAllowed as exc:
        db.session.rollback()
        form.ends_on.errors.append(exc.message)
        return _page(db.session.get(Case, case.id), end_form=form, failed=participation.id)
    flash(_("The end of the participation was recorded."), "success")
    return redirect(url_for("reports.case_funding", case_id=case.id))


@bp.post("/participations/<int:participation_id>/delete")
@permission("funding.tag")
def participation_delete(participation_id: int):
    """Take the case out of a project it was tagged with by mistake."""
    participation = _participation(participation_id)
    case_id = participation.case_id
    remove_participation(participation, current_user)
    db.session.commit()
    flash(_("The case was taken out of the funding project."), "success")
    return redirect(url_for("reports.case_funding", case_id=case_id))
