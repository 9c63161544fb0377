"""Funding projects, managed by administrators."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.permissions import permission
from app.reports import bp
from app.reports.forms import ProjectForm
from app.reports.models import FundingProject
from app.reports.services import projects_near, save_project
from app.web import load, me, save


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
    """Save the project from the form and show it; None when refused."""
    return save(
        lambda: save_project(project, _data(form), me()),
        _("The funding project was saved."),
        lambda saved: url_for("reports.project", project_id=saved.id),
        form=form,
    )


@bp.get("/projects")
@permission("funding_project.list")
def projects():
    """The funding projects of the administrator's municipality and region."""
    projects = projects_near(current_user.municipality)
    return render_template("reports/projects.html", projects=projects)


@bp.route("/projects/new", methods=["GET", "POST"])
@permission("funding_project.list")
def project_new():
    """Add a funding project."""
    form = _owner_choices(ProjectForm(data={"owner": "municipality"}))
    if form.validate_on_submit():
        done = _save(None, form)
        if done:
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
        if done:
            return done
    return render_template("reports/project_form.html", form=form, project=item)
