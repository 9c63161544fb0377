"""Attachments of an assessment: add, download, remove."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _

from app import uploads
from app.assessments import bp
from app.assessments.forms import AttachmentForm
from app.assessments.models import Assessment, AssessmentAttachment
from app.assessments.routes.helpers import assessment_url, closed
from app.assessments.services import attachments as ops
from app.assessments.services.recording import is_locked
from app.extensions import get_or_none
from app.permissions import permission
from app.web import load, me, save, seen


def _attachment(assessment_id: int, attachment_id: int, action: str) -> AssessmentAttachment:
    """The attachment of the assessment the URL names, checked for `action` on it."""
    assessment = load(Assessment, assessment_id, action)
    attachment = get_or_none(AssessmentAttachment, attachment_id)
    if attachment is None or attachment.assessment_id != assessment.id:
        abort(404)
    return attachment


def _attach(assessment, form) -> AssessmentAttachment:
    """Store the file (refused at `file` when it is not one we keep), then its row; a refused
    row leaves no file behind (the file follows the transaction, app/uploads.py)."""
    return ops.add_attachment(assessment, form.title.data, uploads.store(form.file.data), me())


def _attachment_page(assessment, form):
    seen("assessment.viewed", assessment, participant_id=assessment.case.participant_id)
    return render_template("assessments/attachment_form.html", assessment=assessment, form=form)


@bp.route("/<int:assessment_id>/attachments/new", methods=["GET", "POST"])
@permission("assessment.record")
def attachment_new(assessment_id: int):
    """Attach a photo of the work or an observation sheet (PDF, JPEG, PNG up to 10 MB)."""
    assessment = load(Assessment, assessment_id, "assessment.record")
    form = AttachmentForm()
    if not form.validate_on_submit():
        return _attachment_page(assessment, form)
    if is_locked(assessment):
        return closed(assessment)
    done = save(
        lambda: _attach(assessment, form),
        _("The file was attached."),
        assessment_url(assessment),
        form=form,
    )
    return done or _attachment_page(assessment, form)


@bp.get("/<int:assessment_id>/attachments/<int:attachment_id>")
@permission("assessment.view")
def attachment_file(assessment_id: int, attachment_id: int):
    """Download an attachment (only for those who may see the assessment)."""
    attachment = _attachment(assessment_id, attachment_id, "assessment.view")
    seen(
        "assessment.attachment_downloaded",
        attachment,
        participant_id=attachment.assessment.case.participant_id,
        details={"assessment": attachment.assessment_id, "file": attachment.file_name},
    )
    return uploads.send_stored(attachment.file_key, attachment.file_name, attachment.content_type)


@bp.post("/<int:assessment_id>/attachments/<int:attachment_id>/remove")
@permission("assessment.record")
def attachment_remove(assessment_id: int, attachment_id: int):
    """Remove an attachment while the assessment's results may still change."""
    attachment = _attachment(assessment_id, attachment_id, "assessment.record")
    to = assessment_url(attachment.assessment)
    return save(
        lambda: ops.remove_attachment(attachment, me()), _("The attachment was removed."), to
    )
