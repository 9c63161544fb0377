"""The framework editor: details, publish, retire, new version, delete, import."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.frameworks import bp, services
from app.frameworks.forms import FrameworkForm, ImportForm
from app.frameworks.labels import ERRORS, problem_text
from app.frameworks.models import Framework
from app.frameworks.routes.helpers import load, not_a_draft, refused
from app.frameworks.services import FrameworkError
from app.frameworks.vocab import FrameworkStatus
from app.permissions import permission

DETAILS = ("code", "name", "description", "ssyk_code", "owner")


def _save_details(framework: Framework, form: FrameworkForm):
    """Save the form into the framework, or put the refusal at the code field."""
    try:
        services.save_framework(framework, **{key: form[key].data or "" for key in DETAILS})
    except FrameworkError as error:
        form.code.errors.append(str(ERRORS[error.kind]))
        return None
    db.session.commit()
    flash(_("The framework was saved."), "success")
    return redirect(url_for("frameworks.show", framework_id=framework.id))


@bp.route("/new", methods=["GET", "POST"])
@permission("framework.manage")
def new():
    """Start a new framework (version 1, a draft)."""
    form = FrameworkForm()
    if form.validate_on_submit():
        response = _save_details(Framework(status=FrameworkStatus.DRAFT, version=1), form)
        if response is not None:
            return response
    return render_template("frameworks/framework_form.html", form=form, framework=None)


@bp.route("/<int:framework_id>/edit", methods=["GET", "POST"])
@permission("framework.manage")
def edit(framework_id: int):
    """Change a draft's details."""
    framework = load(Framework, framework_id)
    if (refusal := not_a_draft(framework)) is not None:
        return refusal
    form = FrameworkForm(obj=framework)
    if form.validate_on_submit():
        response = _save_details(framework, form)
        if response is not None:
            return response
    return render_template("frameworks/framework_form.html", form=form, framework=framework)


VERSION_STEPS = {
    "publish": (services.publish_framework, _l("Version %(version)s was published.")),
    "retire": (services.retire_framework, _l("Version %(version)s was retired.")),
    "new_version": (services.new_version, _l("Draft version %(version)s was created.")),
}


@bp.post("/<int:framework_id>/publish", endpoint="publish", defaults={"step": "publish"})
@bp.post("/<int:framework_id>/retire", endpoint="retire", defaults={"step": "retire"})
@bp.post(
    "/<int:framework_id>/new-version", endpoint="new_version", defaults={"step": "new_version"}
)
@permission("framework.manage")
def change_version(framework_id: int, step: str):
    """One step of a version's life, then the framework to look at next.

    Publish a complete draft (it can never change afterwards); retire a published version (no new
    mappings, cases keep it); copy a published version into a new draft to change. A refusal is
    shown on the framework's page and nothing is saved.
    """
    operation, success = VERSION_STEPS[step]
    framework = load(Framework, framework_id)
    try:
        shown = operation(framework) or framework
    except FrameworkError as error:
        return refused(error, framework)
    db.session.commit()
    flash(str(success) % {"version": shown.version}, "success")
    return redirect(url_for("frameworks.show", framework_id=shown.id))


@bp.post("/<int:framework_id>/delete")
@permission("framework.manage")
def delete(framework_id: int):
    """Delete a draft that was never published."""
    framework = load(Framework, framework_id)
    try:
        services.delete_framework(framework)
    except FrameworkError as error:
        return refused(error, framework)
    db.session.commit()
    flash(_("The draft was deleted."), "success")
    return redirect(url_for("frameworks.index"))


@bp.route("/import", methods=["GET", "POST"])
@permission("framework.manage")
def import_file():
    """Import a framework from a JSON exchange file, as a new draft."""
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        raw = form.file.data.stream.read(services.MAX_IMPORT_BYTES + 1)
        framework, found = services.import_framework(raw)
        if framework is not None:
            db.session.commit()
            flash(_("The framework was imported as a draft."), "success")
            return redirect(url_for("frameworks.show", framework_id=framework.id))
        problems = [problem_text(p) for p in found]
        form.file.errors.append(_("Nothing was imported: the file has problems, listed below."))
    return render_template("frameworks/import.html", form=form, problems=problems)
