"""Evidence (underlag): descriptions, references and uploaded files, and their download."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from app import uploads
from app.mapping import bp, services
from app.mapping.forms import EvidenceForm, RefuseEvidenceForm
from app.mapping.models import Evidence, Mapping
from app.mapping.routes.helpers import mapping_url, page, read_of
from app.mapping.vocab import EvidenceKind
from app.permissions import permission
from app.web import load, me, save, seen


def _evidence_form(mapping) -> EvidenceForm:
    form = EvidenceForm()
    form.outcomes.choices = [
        (o.id, f"{u.code} {o.number}: {o.text}")
        for u in mapping.framework.units
        for o in u.outcomes
    ]
    return form


def _fields(form) -> dict:
    return {
        "kind": EvidenceKind(form.kind.data),
        "title": form.title.data,
        "text": form.text.data,
        "reference": form.reference.data,
        "outcome_ids": form.outcomes.data or [],
    }


def _add(mapping, form) -> Evidence:
    """Store the file (if any) and the evidence; a failed write leaves no file behind."""
    if form.kind.data != EvidenceKind.FILE.value:
        return services.add_evidence(mapping, me(), **_fields(form))
    stored = uploads.store(form.file.data)  # goes again if the evidence is not saved
    return services.add_evidence(mapping, me(), stored=stored, **_fields(form))


def _save(mapping, form: EvidenceForm):
    """Add the evidence; a refused file is named at the file field."""
    return save(
        lambda: _add(mapping, form),
        _("The evidence was added."),
        mapping_url(mapping, "evidence"),
        form=form,
    )


@bp.route("/<int:mapping_id>/evidence/new", methods=["GET", "POST"])
@permission("mapping.edit")
def evidence_new(mapping_id: int):
    """Add evidence: a description, a reference or a file (PDF, JPEG, PNG up to 10 MB)."""
    mapping = load(Mapping, mapping_id, "mapping.edit", visible="mapping.view")
    form = _evidence_form(mapping)
    if form.validate_on_submit() and (done := _save(mapping, form)):
        return done
    context = page(mapping.case, mapping=mapping, form=form)
    seen("mapping.viewed", mapping, participant_id=mapping.case.participant_id)
    return render_template("mapping/evidence_form.html", **context)


@bp.get("/evidence/<int:evidence_id>/file")
@permission("mapping.view")
def evidence_file(evidence_id: int):
    """Download an uploaded evidence file (only for those who may see the case)."""
    evidence = load(Evidence, evidence_id, "mapping.view")
    if evidence.file_key is None:
        abort(404)
    seen("mapping.evidence_downloaded", evidence, **read_of(evidence.mapping.case))
    return uploads.send_stored(evidence.file_key, evidence.file_name, evidence.content_type)


@bp.route("/evidence/<int:evidence_id>/remove", methods=["GET", "POST"])
@permission("mapping.edit")
def evidence_remove(evidence_id: int):
    """Ask what removing the evidence means, then remove it; its file goes once it is saved."""
    evidence = load(Evidence, evidence_id, "mapping.edit", visible="mapping.view")
    mapping = evidence.mapping
    if request.method != "POST":
        seen("mapping.viewed", mapping, participant_id=mapping.case.participant_id)
        context = page(mapping.case, mapping=mapping, evidence=evidence)
        return render_template("mapping/evidence_remove.html", **context)
    return save(
        lambda: services.remove_evidence(evidence, me()),
        _("The evidence was removed."),
        mapping_url(mapping, "evidence"),
        back=mapping_url(mapping, "evidence"),
    )


@bp.post("/evidence/<int:evidence_id>/accept")
@permission("mapping.edit")
def evidence_accept(evidence_id: int):
    """Accept what the participant sent: from now on it is evidence like the coach's own."""
    evidence = load(Evidence, evidence_id, "mapping.edit", visible="mapping.view")
    return save(
        lambda: services.accept_evidence(evidence, me()),
        _("The evidence was accepted."),
        mapping_url(evidence.mapping, "evidence"),
        back=mapping_url(evidence.mapping, "from-participant"),
    )


@bp.route("/evidence/<int:evidence_id>/refuse", methods=["GET", "POST"])
@permission("mapping.edit")
def evidence_refuse(evidence_id: int):
    """Refuse what the participant sent, with a reason they read on My pages."""
    evidence = load(Evidence, evidence_id, "mapping.edit", visible="mapping.view")
    mapping = evidence.mapping
    form = RefuseEvidenceForm()
    if form.validate_on_submit() and (
        done := save(
            lambda: services.refuse_evidence(evidence, form.reason.data, me()),
            _("The evidence was refused. The participant can read why."),
            mapping_url(mapping, "from-participant"),
            form=form,
        )
    ):
        return done
    if request.method == "GET":
        seen("mapping.viewed", mapping, participant_id=mapping.case.participant_id)
    context = page(mapping.case, mapping=mapping, evidence=evidence, form=form)
    return render_template("mapping/evidence_refuse.html", **context)
