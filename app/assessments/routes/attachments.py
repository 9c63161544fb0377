"""Attachments of an assessment: add, download, remove."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app import uploads
from app.assessments import bp, labels
from app.assessments.forms import AttachmentForm
from app.assessments.models import Assessment, AssessmentAttachment
from app.assessments.routes.helpers import flash_refused, load, viewed
from app.assessments.rules import Refused
from app.assessments.services import attachments as ops
from app.extensions import db
from app.permissions import permission
from app.web import me


def _to(assessment):
    return redirect(url_for("assessments.show", assessment_id=assessment.id))


def _attachment(assessment: Assessment, attachment_id: int) -> AssessmentAttachment:
    attachment = db.session.get(AssessmentAttachment, attachment_id)
    if attachment is None or attachment.assessment_id != assessment.id:
        abort(404)
    return attachment


def _store(assessment, form) -> None:
    """Store the file, then its row; a failed write leaves no file behind."""
    stored = uploads.store(form.file.data)
    with uploads.discard_on_error(stored):
        ops.add_attachment(assessment, form.title.data, stored, me())
        db.session.commit()


@bp.route("/<int:assessment_id>/attachments/new", methods=["GET", "POST"])
@permission("assessment.record")
def attachment_new(assessment_id: int):
    """Attach a photo of the work or an observation sheet (PDF, JPEG, PNG up to 10 MB)."""
    assessment = load(Assessment, assessment_id, "assessment.record")
    form = AttachmentForm()
    if form.validate_on_submit():
        try:
            _store(assessment, form)
        except uploads.UploadRefused as refusal:
            db.session.rollback()
            form.file.errors.append(str(labels.UPLOAD_ERRORS[refusal.kind]))
        except Refused as error:
            flash_refused(error)
            return _to(assessment)
        else:
            flash(_("The file was attached."), "success")
            return _to(assessment)
    viewed(assessment, assessment.case.participant_id, "assessment.viewed")
    return render_template("assessments/attachment_form.html", assessment=assessment, form=form)


@bp.get("/<int:assessment_id>/attachments/<int:attachment_id>")
@permission("assessment.view")
def attachment_file(assessment_id: int, attachment_id: int):
    """Download an attachment (only for those who may see the assessment)."""
    assessment = load(Assessment, assessment_id, "assessment.view")
    attachment = _attachment(assessment, attachment_id)
    ops.log_download(attachment, me())
    db.session.commit()
    return uploads.send_stored(attachment.file_key, attachment.file_name, attachment.content_type)


@bp.post("/<int:assessment_id>/attachments/<int:attachment_id>/remove")
@permission("assessment.record")
def attachment_remove(assessment_id: int, attachment_id: int):
    """Remove an attachment while the assessment's results may still change."""
    assessment = load(Assessment, assessment_id, "assessment.record")
    attachment = _attachment(assessment, attachment_id)
    try:
        key = ops.remove_attachment(attachment, me())
        db.session.commit()
    except Refused as error:
        flash_refused(error)
    else:
        uploads.delete(key)
        flash(_("The attachment was removed."), "success")
    return _to(assessment)
