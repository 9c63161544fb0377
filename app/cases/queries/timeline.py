"""One timeline of everything that happened in a case, newest first."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time

import sqlalchemy as sa
from flask_babel import gettext as _

from app.cases import labels
from app.cases.access import can_read_journal
from app.cases.facts import TimelineEntry, timeline_sources
from app.cases.models import (
    Adaptation,
    Assignment,
    Case,
    FollowUp,
    JournalEntry,
    PlanActivity,
    PlanGoal,
)
from app.cases.queries import user_names
from app.cases.vocab import TransferStatus
from app.extensions import db


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
            TimelineEntry(line.at, _("Stage"), title, line.reason or "", by=line.actor_id)
        )
    return entries


def _assignments(lines: list[Assignment], names: dict[int, str]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            line.at,
            _("Coach"),
            _("Assigned to %(name)s", name=names.get(line.to_coach_id, "")),
            line.reason or "",
            by=line.actor_id,
        )
        for line in lines
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
                by=transfer.requested_by_id,
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
                    by=transfer.decided_by_id,
                )
            )
    return entries


def _rows(model, case: Case):
    return db.session.scalars(sa.select(model).where(model.case_id == case.id).order_by(model.id))


def _journal(case: Case, limit: int) -> tuple[list[TimelineEntry], int]:
    """The newest `limit` journal entries as timeline entries, and how many there are in all.

    A case followed for years has thousands of entries; the timeline shows one page of them,
    so only the newest that page can reach are read (index journal_entries_case_day) and the
    rest are counted. Newest first, and on the same day the later entry first, as in the
    journal itself, so that the page boundary falls where the full list would put it.
    """
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(JournalEntry).where(JournalEntry.case_id == case.id)
    )
    rows = db.session.scalars(
        sa.select(JournalEntry)
        .where(JournalEntry.case_id == case.id)
        .order_by(JournalEntry.occurred_on.desc(), JournalEntry.id.desc())
        .limit(limit)
    )
    entries = [
        TimelineEntry(
            _on(entry.occurred_on),
            _("Journal"),
            str(labels.JOURNAL_KINDS[entry.kind]),
            entry.text,
            by=entry.author_id,
            all_day=True,
        )
        for entry in rows
    ]
    return entries, total


def _work(case: Case, viewer) -> list[TimelineEntry]:
    entries = []
    if can_read_journal(viewer, case):
        for adaptation in _rows(Adaptation, case):
            entries.append(
                TimelineEntry(
                    adaptation.created_at,
                    _("Adaptation"),
                    adaptation.need,
                    adaptation.agreed or "",
                    by=adaptation.created_by_id,
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
                    by=follow_up.done_by_id,
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
                event.recorded_at, _("Consent"), title, event.note or "", by=event.recorded_by_id
            )
        )
    return entries


def _named(entry: TimelineEntry, names: dict[int, str]) -> TimelineEntry:
    """The entry with the name of the account that did it (`by`), if it names one."""
    return entry if entry.by is None else replace(entry, who=names.get(entry.by, ""))


@dataclass
class TimelinePage:
    """One page of a case's timeline, newest first (what the `pagination` macro needs)."""

    page: int
    per_page: int
    total: int
    items: list[TimelineEntry] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


def case_timeline(case: Case, viewer, page: int = 1, per_page: int = 50) -> TimelinePage:
    """One page of everything that happened: transitions, coaches, transfers, consents, the
    plan, (for coaches) the journal, and what other areas add.

    Every source but the journal holds a handful of lines per case and is read whole; the
    journal is read only as far as this page reaches. The newest `page * per_page` of the
    merged lines are then exactly the newest of the full timeline.

    The lines name people by account id (`TimelineEntry.by`); the names of everyone the
    timeline mentions are read in one query, whichever municipality they work in.
    """
    reach = page * per_page
    stages = _stages(case)
    rest = _transfers(case) + _consents(case) + _work(case, viewer)
    unread = 0  # journal entries older than this page reaches
    if can_read_journal(viewer, case):
        journal, total = _journal(case, reach)
        rest += journal
        unread = total - len(journal)
    for source in timeline_sources():
        rest += source(case, viewer)
    assignments = case.assignments
    mentioned = [entry.by for entry in (*stages, *rest)]
    for line in assignments:
        mentioned += [line.actor_id, line.to_coach_id]
    names = user_names(mentioned)
    entries = [_named(e, names) for e in (*stages, *_assignments(assignments, names), *rest)]
    total = len(entries) + unread
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return TimelinePage(page, per_page, total, entries[reach - per_page : reach])
