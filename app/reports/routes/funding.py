"""A case's funding projects: tagged from the case page, with the dates of participation."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases.access import shows_identity
from app.cases.models import Case
from app.extensions import db
from app.permissions import permission
from app.reports import bp
from app.reports.forms import EndParticipationForm, ParticipationForm
from app.reports.models import FundingParticipation, FundingProject
from app.reports.services import (
    end_participation,
    participations_of,
    projects_for_case,
    remove_participation,
    tag_case,
)
from app.web import load, me, save, seen


def _page(case: Case, form: ParticipationForm | None = None, end_form=None, failed=None):
    """The case's funding page (the read is logged), with the forms sent and their errors;
    `failed`: the participation whose end form was refused."""
    participant = case.participant
    seen("funding.viewed", case, participant_id=participant.id)
    return render_template(
        "reports/case_funding.html",
        case=case,
        participant_name=participant.full_name
        if shows_identity(current_user, participant)
        else None,
        participations=participations_of(case),
        form=form or _with_projects(ParticipationForm(formdata=None), case),
        end_form=end_form or EndParticipationForm(formdata=None),
        failed=failed,
    )


def _with_projects(form: ParticipationForm, case: Case) -> ParticipationForm:
    form.project.choices = [("", _("Choose a project"))] + [
        (p.id, str(p)) for p in projects_for_case(case)
    ]
    return form


def _here(case_id: int) -> str:
    return url_for("reports.case_funding", case_id=case_id)


@bp.get("/cases/<int:case_id>/funding")
@permission("funding.case")
def case_funding(case_id: int):
    """The funding projects the case takes part in."""
    case = load(Case, case_id, "funding.case")
    return _page(case)


def _tag(case: Case, form: ParticipationForm):
    """Tag the case with the chosen project and show its funding; None when refused."""
    project = db.session.get(FundingProject, form.project.data)
    starts_on, ends_on = form.starts_on.data, form.ends_on.data
    return save(
        lambda: tag_case(case, project, starts_on, ends_on, me()),
        _("The case was tagged with the funding project."),
        _here(case.id),
        form=form,
    )


@bp.post("/cases/<int:case_id>/funding")
@permission("funding.tag")
def case_funding_add(case_id: int):
    """Tag the case with a funding project from a start date."""
    case = load(Case, case_id, "funding.tag")
    form = _with_projects(ParticipationForm(), case)
    if form.validate_on_submit():
        done = _tag(case, form)
        if done:
            return done
    return _page(case, form)


def _end(participation: FundingParticipation, form: EndParticipationForm):
    """Record the end of the participation and show the case's funding; None when refused."""
    return save(
        lambda: end_participation(participation, form.ends_on.data, me()),
        _("The end of the participation was recorded."),
        _here(participation.case_id),
        form=form,
    )


@bp.post("/participations/<int:participation_id>/end")
@permission("funding.tag")
def participation_end(participation_id: int):
    """Record the day the case's participation ended."""
    participation = load(FundingParticipation, participation_id, "funding.tag", of=_case)
    form = EndParticipationForm()
    if form.validate_on_submit():
        done = _end(participation, form)
        if done:
            return done
    return _page(participation.case, end_form=form, failed=participation.id)


def _case(participation: FundingParticipation) -> Case:
    return participation.case


@bp.post("/participations/<int:participation_id>/delete")
@permission("funding.tag")
def participation_delete(participation_id: int):
    """Take the case out of a project it was tagged with by mistake."""
    participation = load(FundingParticipation, participation_id, "funding.tag", of=_case)
    return save(
        lambda: remove_participation(participation, me()),
        _("The case was taken out of the funding project."),
        _here(participation.case_id),
    )
