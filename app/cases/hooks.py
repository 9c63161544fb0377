"""What the cases area offers other areas: its blocks on the home page (`register`, called by
the area's `init_app`).

What other areas offer the cases area (facts, viewers, timeline entries) plugs into `facts.py`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Flask, url_for
from sqlalchemy.orm import joinedload

from app.cases.models import Case, FollowUp, JournalEntry, Participant, Referral, Transfer
from app.cases.queries import (
    end_of_week,
    follow_ups_due,
    inbox_referrals,
    incoming_transfers,
)
from app.cases.vocab import ReferralStatus
from app.cases.workflow import Stage
from app.db import today
from app.extensions import db
from app.main.home import home_panel
from app.notifications import Delivery, Due, Kind, notification_kind, reminder
from app.notifications.queries import people
from app.vocab import Role

IDLE_DAYS = 60  # a case standing still longer is named in the coach's weekly reminder
OVERDUE_DAYS = 7  # a follow-up overdue this long or less is reminded of (once)


def register(app: Flask) -> None:
    """Offer the home panels to `app`."""
    home_panel(app, "cases/_home_follow_ups.html", follow_ups_this_week, Role.COACH, order=10)
    home_panel(app, "cases/_home_inbox.html", inbox_summary, Role.COACH, Role.ADMIN, order=11)
    notification_kind(
        app,
        Kind.CASE_ASSIGNED,
        Role.COACH,
        load=lambda case_id: db.session.get(Case, case_id),
        action="case.view",
        audience=coach_of,
        link=case_link,
        reference=str,
    )
    _notification_kinds(app)
    reminder(app, Kind.FOLLOW_UP_DUE, follow_ups_due_reminders)
    reminder(app, Kind.CASE_IDLE, idle_cases, weekly=True)


def _notification_kinds(app: Flask) -> None:
    notification_kind(
        app,
        Kind.REFERRAL_RECEIVED,
        Role.COACH,
        load=lambda referral_id: db.session.get(Referral, referral_id),
        action="referral.view",
        audience=lambda referral, event: people(
            Role.COACH, municipality_id=referral.municipality_id
        ),
        link=lambda referral: url_for("cases.referral", referral_id=referral.id),
        reference=lambda referral: f"#{referral.id}",
    )
    notification_kind(
        app,
        Kind.TRANSFER_REQUESTED,
        Role.COACH,
        load=lambda transfer_id: db.session.get(Transfer, transfer_id),
        action="transfer.decide",
        audience=lambda transfer, event: people(
            Role.COACH, Role.ADMIN, municipality_id=transfer.to_municipality_id
        ),
        link=lambda transfer: url_for("cases.incoming", transfer_id=transfer.id),
        reference=lambda transfer: str(transfer.case),
    )
    for kind in (Kind.CONSENT_WITHDRAWN, Kind.CONSENT_GIVEN):
        notification_kind(
            app,
            kind,
            Role.COACH,
            load=lambda participant_id: db.session.get(Participant, participant_id),
            action="participant.view",
            audience=lambda participant, event: [c.coach for c in participant.cases if c.coach],
            link=lambda participant: url_for("cases.participant", participant_id=participant.id),
            reference=_newest_case,
        )
    for kind in (Kind.FOLLOW_UP_DUE, Kind.CASE_IDLE):
        notification_kind(
            app,
            kind,
            Role.COACH,
            load=lambda case_id: db.session.get(Case, case_id),
            load_many=load_cases,
            action="case.view",
            audience=coach_of,
            link=case_link,
            reference=str,
            default=Delivery.DIGEST,
        )


def coach_of(case: Case, event) -> list:
    """The case's coach, if it has one."""
    return [case.coach] if case.coach else []


def load_cases(ids: list[int]) -> list[Case]:
    """Cases with their coaches (and the coaches' roles), for many reminders at once."""
    query = (
        sa.select(Case)
        .where(Case.id.in_(ids))
        .options(joinedload(Case.coach))  # their roles come with them (selectin)
    )
    return list(db.session.scalars(query).unique())


def _newest_case(participant: Participant) -> str:
    cases = sorted(participant.cases, key=lambda case: case.id)
    return str(cases[-1]) if cases else "–"


def follow_ups_due_reminders(day: date) -> list[Due]:
    """Follow-ups of open cases with a coach due tomorrow, and those overdue (up to a week:
    each once, when it has become overdue)."""
    query = (
        sa.select(FollowUp.id, FollowUp.case_id, FollowUp.due_on)
        .join(Case, Case.id == FollowUp.case_id)
        .where(
            FollowUp.done_at.is_(None),
            FollowUp.due_on.between(day - timedelta(days=OVERDUE_DAYS), day + timedelta(days=1)),
            FollowUp.due_on != day,
            Case.stage != Stage.CLOSED,
            Case.coach_id.is_not(None),
        )
    )
    found = []
    for follow_up_id, case_id, due_on in db.session.execute(query):
        detail = "tomorrow" if due_on > day else "overdue"
        key = f"{Kind.FOLLOW_UP_DUE}:{detail}:{follow_up_id}:{due_on.isoformat()}"
        found.append(Due(case_id, key, detail))
    return found


def idle_cases(day: date) -> list[Due]:
    """Open cases with a coach, not paused, in the same stage and without a journal entry for
    more than IDLE_DAYS days; once a week each."""
    cutoff = day - timedelta(days=IDLE_DAYS)
    recent = sa.select(JournalEntry.id).where(
        JournalEntry.case_id == Case.id, JournalEntry.created_at >= _start_of(cutoff)
    )
    query = sa.select(Case.id).where(
        Case.stage.not_in([Stage.CLOSED, Stage.PAUSED]),
        Case.coach_id.is_not(None),
        Case.stage_entered_at < _start_of(cutoff),
        ~recent.exists(),
    )
    year, week, _ = day.isocalendar()
    return [
        Due(case_id, f"{Kind.CASE_IDLE}:{case_id}:{year}-W{week:02d}")
        for case_id in db.session.scalars(query)
    ]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def case_link(case: Case) -> str:
    """Where a notification about a case leads: the case."""
    return url_for("cases.case", case_id=case.id)


# The home page lists the most overdue follow-ups; the caseload, sorted by the next follow-up,
# has them all.
HOME_FOLLOW_UPS = 10


def follow_ups_this_week(user) -> dict:
    """The coach's first follow-ups due this week, the most overdue first, and how many there
    are in all."""
    now = today()
    due = follow_ups_due(user, now, limit=HOME_FOLLOW_UPS)
    rows = [
        {"follow_up": row, "name": row.Participant.full_name, "overdue": row.due_on < now}
        for row in due
    ]
    shown = [row["follow_up"].Participant.id for row in rows]
    total = due[0].total if due else 0
    return {"rows": rows, "until": end_of_week(now), "shown": shown, "total": total}


def inbox_summary(user) -> dict:
    """How many referrals and transfers wait in the municipality's inbox."""
    if user.municipality_id is None:
        return {"referrals": 0, "transfers": 0}
    return {
        "referrals": len(inbox_referrals(user.municipality_id, ReferralStatus.WAITING)),
        "transfers": len(incoming_transfers(user.municipality_id)),
    }
