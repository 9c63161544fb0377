"""One timeline of everything that happened in a case, newest first."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from itertools import groupby

import sqlalchemy as sa
from flask_babel import gettext as _

from app.cases import labels
from app.cases.access import can_read_journal
from app.cases.facts import TimelineEntry, TimelineSource, timeline_rows, timeline_sources
from app.cases.models import (
    Adaptation,
    Assignment,
    Case,
    FollowUp,
    JournalEntry,
    PlanActivity,
    PlanGoal,
    Transition,
)
from app.cases.vocab import TransferStatus
from app.extensions import db


def _on(day) -> datetime:
    """A date shown on the timeline at midnight UTC of that day."""
    return datetime.combine(day, time(), UTC)


# --- the case's own lines, read with every source's in one statement --------------------


def _own_rows(case: Case, viewer, reach: int) -> list:
    """The selects of the case's own lines: stages, coaches, the plan, follow-ups done and,
    for the municipality's coaches, adaptations and the newest `reach` journal entries with
    how many there are in all."""
    selects = [
        sa.select(
            *timeline_rows(
                "stage",
                at=Transition.at,
                by=Transition.actor_id,
                ref=Transition.id,
                texts=(Transition.from_stage, Transition.to_stage, Transition.reason),
            )
        ).where(Transition.case_id == case.id),
        _assignments(case),
        sa.select(
            *timeline_rows(
                "goal", at=PlanGoal.created_at, ref=PlanGoal.id, texts=(PlanGoal.description,)
            )
        ).where(PlanGoal.case_id == case.id),
        sa.select(
            *timeline_rows(
                "activity",
                at=PlanActivity.created_at,
                ref=PlanActivity.id,
                texts=(PlanActivity.kind, PlanActivity.description),
            )
        ).where(PlanActivity.case_id == case.id),
        sa.select(
            *timeline_rows(
                "follow_up",
                at=FollowUp.done_at,
                by=FollowUp.done_by_id,
                ref=FollowUp.id,
                texts=(FollowUp.purpose,),
            )
        ).where(FollowUp.case_id == case.id, FollowUp.done_at.is_not(None)),
    ]
    if can_read_journal(viewer, case):
        selects += [_adaptations(case), *_journal(case, reach)]
    return selects


def _assignments(case: Case) -> sa.Select:
    from app.auth.models import User

    coach = sa.orm.aliased(User)
    return (
        sa.select(
            *timeline_rows(
                "assignment",
                at=Assignment.at,
                by=Assignment.actor_id,
                ref=Assignment.id,
                texts=(coach.name, Assignment.reason),
            )
        )
        .outerjoin(coach, coach.id == Assignment.to_coach_id)
        .where(Assignment.case_id == case.id)
    )


def _adaptations(case: Case) -> sa.Select:
    return sa.select(
        *timeline_rows(
            "adaptation",
            at=Adaptation.created_at,
            by=Adaptation.created_by_id,
            ref=Adaptation.id,
            texts=(Adaptation.need, Adaptation.agreed),
        )
    ).where(Adaptation.case_id == case.id)


def _journal(case: Case, reach: int) -> list:
    """The newest `reach` journal entries, and how many there are in all.

    A case followed for years has thousands of entries; the timeline shows one page of them,
    so only the newest that page can reach are read (index journal_entries_case_day) and the
    rest are counted. Newest first, and on the same day the later entry first, as in the
    journal itself, so that the page boundary falls where the full list would put it.
    """
    newest = (
        sa.select(JournalEntry)
        .where(JournalEntry.case_id == case.id)
        .order_by(JournalEntry.occurred_on.desc(), JournalEntry.id.desc())
        .limit(reach)
        .subquery("newest")
    )
    total = sa.select(sa.func.count()).where(JournalEntry.case_id == case.id).scalar_subquery()
    return [
        sa.select(
            *timeline_rows(
                "journal",
                day=newest.c.occurred_on,
                by=newest.c.author_id,
                ref=newest.c.id,
                texts=(newest.c.kind, newest.c.text),
            )
        ),
        sa.select(*timeline_rows("journal_total", ref=total)),
    ]


def _stage_entries(rows) -> list[TimelineEntry]:
    entries = []
    for row in rows:
        title = labels.STAGES[row.t2]
        if row.t1 is not None:
            title = f"{labels.STAGES[row.t1]} → {title}"
        entries.append(TimelineEntry(row.at, _("Stage"), title, row.t3 or "", by=row.by))
    return entries


def _assignment_entries(rows) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            row.at,
            _("Coach"),
            _("Assigned to %(name)s", name=row.t1 or ""),
            row.t2 or "",
            by=row.by,
        )
        for row in rows
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


def _work_entries(kinds: dict[str, list]) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(row.at, _("Adaptation"), row.t1, row.t2 or "", by=row.by)
        for row in kinds.get("adaptation", [])
    ]
    entries += [
        TimelineEntry(row.at, _("Plan"), _("Goal: %(goal)s", goal=row.t1))
        for row in kinds.get("goal", [])
    ]
    entries += [
        TimelineEntry(row.at, _("Plan"), f"{labels.ACTIVITY_KINDS[row.t1]}: {row.t2}")
        for row in kinds.get("activity", [])
    ]
    entries += [
        TimelineEntry(row.at, _("Follow-up"), row.t1, by=row.by)
        for row in kinds.get("follow_up", [])
    ]
    return entries


def _journal_entries(rows) -> list[TimelineEntry]:
    newest_first = sorted(rows, key=lambda row: (row.day, row.ref), reverse=True)
    return [
        TimelineEntry(
            _on(row.day),
            _("Journal"),
            str(labels.JOURNAL_KINDS[row.t1]),
            row.t2,
            by=row.by,
            all_day=True,
        )
        for row in newest_first
    ]


def _names_of(entries: list[TimelineEntry]) -> list:
    """A select naming the accounts of lines made from rows already loaded (the case's
    transfers and consents), read with the rest."""
    from app.auth.models import User

    ids = sorted({entry.by for entry in entries if entry.by is not None})
    if not ids:
        return []
    return [sa.select(*timeline_rows("named", by=User.id)).where(User.id.in_(ids))]


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


def _read(selects: list) -> tuple[dict[str, list], dict[int, str]]:
    """Every line of the selects, by kind and in each source's order (by `ref`, `pos`), and
    the names of the accounts they name, in one statement."""
    from app.auth.models import User

    lines = sa.union_all(*selects).subquery("lines")
    query = sa.select(lines, User.name.label("by_name")).outerjoin(User, User.id == lines.c.by)
    rows = db.session.execute(query).all()
    names = {row.by: row.by_name for row in rows if row.by is not None}
    ordered = sorted(rows, key=lambda row: (row.kind, row.ref or 0, row.pos or 0))
    return {kind: list(found) for kind, found in groupby(ordered, key=lambda r: r.kind)}, names


def _source_entries(source: TimelineSource, kinds: dict[str, list]) -> list[TimelineEntry]:
    rows = [row for kind in source.kinds for row in kinds.get(kind, [])]
    return source.entries(rows) if rows else []


def case_timeline(case: Case, viewer, page: int = 1, per_page: int = 50) -> TimelinePage:
    """One page of everything that happened: transitions, coaches, transfers, consents, the
    plan, (for coaches) the journal, and what other areas add.

    Every source but the journal holds a handful of lines per case and is read whole; the
    journal is read only as far as this page reaches. The newest `page * per_page` of the
    merged lines are then exactly the newest of the full timeline. Every source's lines and
    the names of the people they mention come from one statement (a UNION ALL); the case's
    consents and transfers are its own rows, loaded with it.
    """
    reach = page * per_page
    sources = timeline_sources()
    loaded = [*_transfers(case), *_consents(case)]
    selects = _own_rows(case, viewer, reach) + _names_of(loaded)
    for source in sources:
        selects += source.rows(case, viewer)
    kinds, names = _read(selects)
    entries = [
        *_stage_entries(kinds.get("stage", [])),
        *_assignment_entries(kinds.get("assignment", [])),
        *loaded,
        *_work_entries(kinds),
        *_journal_entries(kinds.get("journal", [])),
    ]
    for source in sources:
        entries += _source_entries(source, kinds)
    journal = kinds.get("journal", [])
    [counted] = kinds.get("journal_total") or [None]
    unread = (counted.ref - len(journal)) if counted is not None else 0
    entries = [_named(entry, names) for entry in entries]
    total = len(entries) + unread
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return TimelinePage(page, per_page, total, entries[reach - per_page : reach])
