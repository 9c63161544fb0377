"""One timeline of everything that happened in a case, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, time

import sqlalchemy as sa
from flask_babel import gettext as _

from app.cases import labels
from app.cases.access import can_read_journal
from app.cases.facts import TimelineEntry, timeline_sources
from app.cases.models import (
    Adaptation,
    Case,
    FollowUp,
    JournalEntry,
    PlanActivity,
    PlanGoal,
)
from app.cases.vocab import TransferStatus
from app.extensions import db


def _who(user) -> str:
    return user.name if user is not None else ""


def _on(day) -> datetime:
    """A date shown on the timeline at midnight UTC of that day."""
    return datetime.combine(day, time(), UTC)


def _stages(case: Case) -> list[TimelineEntry]:
    entries = []
    for line in case.transitions:
        title = labels.STAGES[line.to_stage]
        if line.from_stage is not None:
            title = f"{labels.STAGES[line.from_stage]} → {title}"
        entries.append(
            TimelineEntry(line.at, _("Stage"), title, line.reason or "", _who(line.actor))
        )
    return entries


def _assignments(case: Case) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            line.at,
            _("Coach"),
            _("Assigned to %(name)s", name=line.to_coach.name),
            line.reason or "",
            _who(line.actor),
        )
        for line in case.assignments
    ]


def _transfers(case: Case) -> list[TimelineEntry]:
    entries = []
    for transfer in case.transfers:
        title = _("Transfer to %(name)s requested", name=transfer.to_municipality.name)
        entries.append(
            TimelineEntry(
                transfer.requested_at,
                _("Transfer"),
                title,
                transfer.message,
                _who(transfer.requested_by),
            )
        )
        if transfer.decided_at:
            accepted = transfer.status is TransferStatus.ACCEPTED
            entries.append(
                TimelineEntry(
                    transfer.decided_at,
                    _("Transfer"),
                    _("Transfer accepted") if accepted else _("Transfer rejected"),
                    transfer.decision_reason or "",
                    _who(transfer.decided_by),
                )
            )
    return entries


def _rows(model, case: Case):
    return db.session.scalars(sa.select(model).where(model.case_id == case.id).order_by(model.id))


def _work(case: Case, viewer) -> list[TimelineEntry]:
    entries = []
    if can_read_journal(viewer, case):
        for entry in _rows(JournalEntry, case):
            kind = labels.JOURNAL_KINDS[entry.kind]
            entries.append(
                TimelineEntry(
                    _on(entry.occurred_on),
                    _("Journal"),
                    str(kind),
                    entry.text,
                    _who(entry.author),
                    all_day=True,
                )
            )
        for adaptation in _rows(Adaptation, case):
            entries.append(
                TimelineEntry(
                    adaptation.created_at,
                    _("Adaptation"),
                    adaptation.need,
                    adaptation.agreed or "",
                    _who(adaptation.created_by),
                )
            )
    for goal in _rows(PlanGoal, case):
        entries.append(
            TimelineEntry(goal.created_at, _("Plan"), _("Goal: %(goal)s", goal=goal.description))
        )
    for activity in _rows(PlanActivity, case):
        kind = labels.ACTIVITY_KINDS[activity.kind]
        entries.append(
            TimelineEntry(activity.created_at, _("Plan"), f"{kind}: {activity.description}")
        )
    for follow_up in _rows(FollowUp, case):
        if follow_up.done_at:
            entries.append(
                TimelineEntry(
                    follow_up.done_at,
                    _("Follow-up"),
                    follow_up.purpose,
                    "",
                    _who(follow_up.done_by),
                )
            )
    return entries


def _consents(case: Case) -> list[TimelineEntry]:
    entries = []
    for event in case.participant.consents:
        kind = labels.CONSENTS[event.kind]
        if event.is_given:
            title = _("Consent given: %(kind)s", kind=kind)
        else:
            title = _("Consent withdrawn: %(kind)s", kind=kind)
        entries.append(
            TimelineEntry(
                event.recorded_at, _("Consent"), title, event.note or "", _who(event.recorded_by)
            )
        )
    return entries


def case_timeline(case: Case, viewer) -> list[TimelineEntry]:
    """Transitions, coaches, transfers, consents, the plan and (for coaches) the journal."""
    entries = _stages(case) + _assignments(case) + _transfers(case) + _consents(case)
    entries += _work(case, viewer)
    for source in timeline_sources():
        entries += source(case, viewer)
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
