"""What the cases area offers other areas: its blocks on the home page (`register`, called by
the area's `init_app`).

What other areas offer the cases area (facts, viewers, timeline entries) plugs into `facts.py`.
"""

from __future__ import annotations

from flask import Flask, url_for

from app.cases.models import Case
from app.cases.queries import (
    end_of_week,
    follow_ups_due,
    inbox_referrals,
    incoming_transfers,
)
from app.cases.vocab import ReferralStatus
from app.db import today
from app.extensions import db
from app.main.home import home_panel
from app.notifications import Kind, notification_kind
from app.vocab import Role


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
        audience=lambda case, event: [case.coach] if case.coach else [],
        link=case_link,
        reference=str,
    )


def case_link(case: Case) -> str:
    """Where a notification about a case leads: the case."""
    return url_for("cases.case", case_id=case.id)


def follow_ups_this_week(user) -> dict:
    """The coach's follow-ups due this week, overdue ones first."""
    now = today()
    rows = [
        {
            "follow_up": follow_up,
            "name": follow_up.case.participant.full_name,
            "overdue": follow_up.due_on < now,
        }
        for follow_up in follow_ups_due(user, now)
    ]
    shown = [row["follow_up"].case.participant_id for row in rows]
    return {"rows": rows, "until": end_of_week(now), "shown": shown}


def inbox_summary(user) -> dict:
    """How many referrals and transfers wait in the municipality's inbox."""
    if user.municipality_id is None:
        return {"referrals": 0, "transfers": 0}
    return {
        "referrals": len(inbox_referrals(user.municipality_id, ReferralStatus.WAITING)),
        "transfers": len(incoming_transfers(user.municipality_id)),
    }
