"""Attachments of an assessment: photos of the work, observation sheets (same upload rules)."""

from __future__ import annotations

from app import uploads
from app.assessments.models import Assessment, AssessmentAttachment
from app.assessments.rules import Refusal
from app.assessments.services.recording import is_locked
from app.audit import record
from app.extensions import db
from app.refusals import Refused


def _log(action: str, attachment: AssessmentAttachment, actor) -> None:
    assessment = attachment.assessment
    record(
        action,
        attachment,
        participant_id=assessment.case.participant_id,
        details={"assessment": assessment.id, "file": attachment.file_name},
        user=actor,
    )


def add_attachment(assessment: Assessment, title: str, stored, actor) -> AssessmentAttachment:
    """Keep a stored file with the assessment while its results may still change."""
    if is_locked(assessment):
        raise Refused(Refusal.ASSESSMENT_CLOSED)
    attachment = AssessmentAttachment(
        assessment=assessment,
        title=title.strip(),
        file_key=stored.key,
        file_name=stored.name,
        content_type=stored.content_type,
        size=stored.size,
        uploaded_by=actor,
    )
    db.session.add(attachment)
    db.session.flush()
    _log("assessment.attachment_added", attachment, actor)
    return attachment


def remove_attachment(attachment: AssessmentAttachment, actor) -> None:
    """Remove an attachment before the assessment is decided; its file goes once that is
    committed."""
    if is_locked(attachment.assessment):
        raise Refused(Refusal.ASSESSMENT_CLOSED)
    _log("assessment.attachment_removed", attachment, actor)
    uploads.delete_on_commit(attachment.file_key)
    db.session.delete(attachment)
    db.session.flush()
