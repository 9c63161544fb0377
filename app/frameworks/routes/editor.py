"""The framework editor: details, publish, retire, new version, delete, import."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

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


@bp.post("/<int:framework_id>/publish")
@permission("framework.manage")
def publish(framework_id: int):
    """Publish a complete draft; it can never be changed afterwards."""
    framework = load(Framework, framework_id)
    try:
        services.publish_framework(framework)
    except FrameworkError as error:
        return refused(error, framework)
    db.session.commit()
    flash(_("Version %(version)s was published.", version=framework.version), "success")
    return redirect(url_for("frameworks.show", framework_id=framework.id))


@bp.post("/<int:framework_id>/retire")
@permission("framework.manage")
def retire(framework_id: int):
    """Retire a published version: no new mappings; cases keep it."""
    framework = load(Framework, framework_id)
    try:
        services.retire_framework(framework)
    except FrameworkError as error:
        return refused(error, framework)
    db.session.commit()
    flash(_("Version %(version)s was retired.", version=framework.version), "success")
    return redirect(url_for("frameworks.show", framework_id=framework.id))


@bp.post("/<int:framework_id>/new-version")
@permission("framework.manage")
def new_version(framework_id: int):
    """Copy a published version into a new draft to change."""
    framework = load(Framework, framework_id)
    try:
        draft = services.new_version(framework)
    except FrameworkError as error:
        return refused(error, framework)
    db.session.commit()
    flash(_("Draft version %(version)s was created.", version=draft.version), "success")
    return redirect(url_for("frameworks.show", framework_id=draft.id))


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
