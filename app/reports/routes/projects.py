"""Funding projects, managed by administrators."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.permissions import load, permission
from app.reports import bp
from app.reports.forms import ProjectForm
from app.reports.models import FundingProject
from app.reports.services import NotAllowed, save_project


def _visible_projects() -> list[FundingProject]:
    home = current_user.municipality
    owner = FundingProject.municipality_id == home.id
    if home.region_id is not None:
        owner = sa.or_(owner, FundingProject.region_id == home.region_id)
    query = sa.select(FundingProject).where(owner).order_by(FundingProject.starts_on.desc())
    return list(db.session.scalars(query))


def _owner_choices(form: ProjectForm) -> ProjectForm:
    home = current_user.municipality
    choices = [("municipality", home.name)]
    if home.region is not None:
        choices.append(("region", _("The region %(name)s", name=home.region.name)))
    form.owner.choices = choices
    return form


def _data(form: ProjectForm) -> dict:
    home = current_user.municipality
    by_region = form.owner.data == "region"
    return {
        "name": form.name.data.strip(),
        "code": form.code.data.strip(),
        "is_esf": form.is_esf.data,
        "municipality_id": None if by_region else home.id,
        "region_id": home.region_id if by_region else None,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
    }


def _save(project: FundingProject | None, form: ProjectForm):
    try:
        saved = save_project(project, _data(form), current_user)
        db.session.commit()
    except NotAllowed as exc:
        db.session.rollback()
        form[exc.field].errors.append(exc.message)
        return None
    flash(_("The funding project was saved."), "success")
    return redirect(url_for("reports.project", project_id=saved.id))


@bp.get("/projects")
@permission("funding_project.list")
def projects():
    """The funding projects of the administrator's municipality and region."""
    return render_template("reports/projects.html", projects=_visible_projects())


@bp.route("/projects/new", methods=["GET", "POST"])
@permission("funding_project.list")
def project_new():
    """Add a funding project."""
    form = _owner_choices(ProjectForm(data={"owner": "municipality"}))
    if form.validate_on_submit():
        done = _save(None, form)
        if done is not None:
            return done
    return render_template("reports/project_form.html", form=form, project=None)


@bp.route("/projects/<int:project_id>", methods=["GET", "POST"])
@permission("funding_project.edit")
def project(project_id: int):
    """Change a funding project."""
    item = load(FundingProject, project_id, "funding_project.edit")
    owner = "region" if item.region_id is not None else "municipality"
    form = _owner_choices(ProjectForm(obj=item, data={"owner": owner}))
    if form.validate_on_submit():
        done = _save(item, form)
        if done is not None:
            return done
    return render_template("reports/project_form.html", form=form, project=item)
