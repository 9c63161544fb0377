"""Evidence (underlag): descriptions, references and uploaded files, and their download."""

from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import uploads
from app.audit import record
from app.extensions import db
from app.mapping import bp, labels, services
from app.mapping.forms import EvidenceForm
from app.mapping.routes.helpers import (
    load_evidence,
    load_mapping,
    page,
    refused,
    require_edit,
    to_mapping,
)
from app.mapping.services import MappingError
from app.mapping.vocab import EvidenceKind
from app.permissions import permission


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


def _save(mapping, form):
    """Store the file (if any) and the evidence; a failed write leaves no file behind."""
    if form.kind.data != EvidenceKind.FILE.value:
        services.add_evidence(mapping, current_user, **_fields(form))
        db.session.commit()
        return
    stored = uploads.store(form.file.data)
    with uploads.discard_on_error(stored):
        services.add_evidence(mapping, current_user, stored=stored, **_fields(form))
        db.session.commit()


@bp.route("/<int:mapping_id>/evidence/new", methods=["GET", "POST"])
@permission("mapping.edit")
def evidence_new(mapping_id: int):
    """Add evidence: a description, a reference or a file (PDF, JPEG, PNG up to 10 MB)."""
    mapping = load_mapping(mapping_id)
    require_edit(mapping)
    form = _evidence_form(mapping)
    if form.validate_on_submit():
        try:
            _save(mapping, form)
        except uploads.UploadRefused as refusal:
            db.session.rollback()
            form.file.errors.append(str(labels.UPLOAD_ERRORS[refusal.kind]))
        except MappingError as error:
            return refused(error, url_for("mapping.show", mapping_id=mapping.id))
        else:
            flash(_("The evidence was added."), "success")
            return to_mapping(mapping, "evidence")
    context = page(mapping.case, mapping=mapping, form=form)
    record("mapping.viewed", mapping, participant_id=mapping.case.participant_id)
    db.session.commit()
    return render_template("mapping/evidence_form.html", **context)


@bp.get("/evidence/<int:evidence_id>/file")
@permission("mapping.view")
def evidence_file(evidence_id: int):
    """Download an uploaded evidence file (only for those who may see the case)."""
    evidence = load_evidence(evidence_id)
    if evidence.file_key is None:
        abort(404)
    services.log_read(evidence, evidence.mapping, current_user, "evidence_downloaded")
    db.session.commit()
    return uploads.send_stored(evidence.file_key, evidence.file_name, evidence.content_type)


@bp.post("/evidence/<int:evidence_id>/remove")
@permission("mapping.edit")
def evidence_remove(evidence_id: int):
    """Remove evidence; its file goes once the removal is saved."""
    evidence = load_evidence(evidence_id)
    require_edit(evidence)
    mapping = evidence.mapping
    try:
        key = services.remove_evidence(evidence, current_user)
    except MappingError as error:
        return refused(error, url_for("mapping.show", mapping_id=mapping.id))
    db.session.commit()
    uploads.delete(key)
    flash(_("The evidence was removed."), "success")
    return to_mapping(mapping, "evidence")
