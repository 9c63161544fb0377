"""The framework editor: details, publish, retire, new version, delete, import."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.frameworks import bp, services
from app.frameworks.forms import FrameworkForm, ImportForm
from app.frameworks.labels import problem_text
from app.frameworks.models import Framework
from app.frameworks.routes.helpers import not_a_draft
from app.frameworks.vocab import FrameworkStatus
from app.permissions import permission
from app.web import load, save

DETAILS = ("code", "name", "description", "ssyk_code", "owner")


def _save_details(framework: Framework, form: FrameworkForm):
    """Save the form into the framework; a refusal shows at the code field."""
    return save(
        lambda: services.save_framework(
            framework, **{key: form[key].data or "" for key in DETAILS}
        ),
        _("The framework was saved."),
        lambda saved: url_for("frameworks.show", framework_id=saved.id),
        form=form,
    )


@bp.route("/new", methods=["GET", "POST"])
@permission("framework.manage")
def new():
    """Start a new framework (version 1, a draft)."""
    form = FrameworkForm()
    if form.validate_on_submit():
        done = _save_details(Framework(status=FrameworkStatus.DRAFT, version=1), form)
        if done:
            return done
    return render_template("frameworks/framework_form.html", form=form, framework=None)


@bp.route("/<int:framework_id>/edit", methods=["GET", "POST"])
@permission("framework.manage")
def edit(framework_id: int):
    """Change a draft's details."""
    framework = load(Framework, framework_id, "framework.manage")
    if (refusal := not_a_draft(framework)) is not None:
        return refusal
    form = FrameworkForm(obj=framework)
    if form.validate_on_submit() and (done := _save_details(framework, form)):
        return done
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
    framework = load(Framework, framework_id, "framework.manage")
    return save(
        lambda: operation(framework) or framework,
        lambda shown: str(success) % {"version": shown.version},
        lambda shown: url_for("frameworks.show", framework_id=shown.id),
        back=url_for("frameworks.show", framework_id=framework.id),
    )


@bp.post("/<int:framework_id>/delete")
@permission("framework.manage")
def delete(framework_id: int):
    """Delete a draft that was never published."""
    framework = load(Framework, framework_id, "framework.manage")
    return save(
        lambda: services.delete_framework(framework),
        _("The draft was deleted."),
        url_for("frameworks.index"),
        back=url_for("frameworks.show", framework_id=framework.id),
    )


@bp.route("/import", methods=["GET", "POST"])
@permission("framework.manage")
def import_file():
    """Import a framework from a JSON exchange file, as a new draft."""
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        doc, problems = services.read_import(
            form.file.data.stream.read(services.MAX_IMPORT_BYTES + 1)
        )
        if doc is not None and (done := _add_imported(doc, form)):
            return done
        if problems:
            form.file.errors.append(_("Nothing was imported: the file has problems, listed below."))
    problems = [problem_text(p) for p in problems]
    return render_template("frameworks/import.html", form=form, problems=problems)


def _add_imported(doc: dict, form: ImportForm):
    return save(
        lambda: services.add_imported(doc),
        _("The framework was imported as a draft."),
        lambda framework: url_for("frameworks.show", framework_id=framework.id),
        form=form,
    )
