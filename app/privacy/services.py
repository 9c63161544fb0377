"""Operations of the data-protection area; they flush and log, the route commits.

What the rules do not allow raises `Refused` with a `vocab.Refusal` code (its words:
`labels.REFUSALS`).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.audit import record
from app.cases.models import Participant
from app.db import today
from app.extensions import db
from app.privacy import tasks
from app.privacy.anonymise import Anonymised, anonymise
from app.privacy.export import Export, build_export
from app.privacy.models import DEFAULT_RETENTION_YEARS, LogReview, RetentionRule
from app.privacy.retention import due_participants, keeping_reason
from app.privacy.vocab import Refusal
from app.queue import enqueue_on_commit
from app.refusals import Refused


def retention_rule(municipality_id: int) -> RetentionRule:
    """The municipality's rule, a new one with the default period when it has none."""
    rule = db.session.scalar(
        sa.select(RetentionRule).where(RetentionRule.municipality_id == municipality_id)
    )
    return rule or RetentionRule(municipality_id=municipality_id, years=DEFAULT_RETENTION_YEARS)


def save_retention_rule(municipality_id: int, years: int, actor) -> RetentionRule:
    """Set the municipality's retention period."""
    rule = retention_rule(municipality_id)
    before = rule.years
    rule.years, rule.updated_by = years, actor
    db.session.add(rule)
    db.session.flush()
    record("privacy.retention_saved", rule, details={"from": before, "to": years}, user=actor)
    return rule


def start_retention_run(municipality_id: int, actor) -> int:
    """Queue the retention run of the actor's municipality once this commits (the job is the
    one the command and the nightly run use); how many participants are due now."""
    due = len(due_participants(today(), municipality_id))
    record("privacy.retention_started", details={"due": due}, user=actor)
    enqueue_on_commit(tasks.run_retention_of, municipality_id, actor.id)
    return due


def export_participant(participant: Participant, actor, language: str = "sv") -> Export:
    """Build the data-subject access export (its summary in `language`) and log that it was
    made."""
    export = build_export(participant, language)
    record(
        "privacy.exported",
        participant,
        participant_id=participant.id,
        details={"tables": export.tables, "files": len(export.files)},
        user=actor,
    )
    return export


def erase_participant(participant: Participant, reason: str, actor) -> Anonymised:
    """Erasure on request: anonymise now, unless the law requires keeping the data."""
    reason_to_keep = keeping_reason(participant)
    if reason_to_keep:
        raise Refused(reason_to_keep)
    return anonymise(participant, reason="request", actor=actor, note=reason.strip())


def log_review(municipality_id: int, month: date) -> LogReview | None:
    """The review of the municipality's access log for the month, if it was made."""
    return db.session.scalar(
        sa.select(LogReview).where(
            LogReview.municipality_id == municipality_id, LogReview.month == month
        )
    )


def mark_month_reviewed(month: date, comment: str, flags: int, actor) -> LogReview:
    """Record that the month's access log of the actor's municipality was reviewed, once the
    month has begun (the refusal shows at the comment)."""
    if month > today():
        raise Refused(Refusal.FUTURE_MONTH, field="comment")
    if log_review(actor.municipality_id, month) is not None:
        raise Refused(Refusal.ALREADY_REVIEWED, field="comment")
    review = LogReview(
        municipality_id=actor.municipality_id,
        month=month,
        comment=comment.strip(),
        flags=flags,
        reviewed_by=actor,
    )
    db.session.add(review)
    db.session.flush()
    record("privacy.log_reviewed", review, details={"month": month.isoformat()}, user=actor)
    return review
