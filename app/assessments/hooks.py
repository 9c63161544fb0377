"""What the assessments area tells other areas: case facts, timeline, home panels
(`register`, called by the area's `init_app`).

Assessors and verifiers are deliberately not registered as `case_viewer`s: the case pages
would show them the whole development plan and every adaptation, while the assessment pages
give them what they need (the units, the adaptations that concern assessment, the results).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _

from app.assessments import labels, queries
from app.assessments.models import Assessment
from app.assessments.vocab import AssessmentStatus, DecisionStatus
from app.cases.facts import TimelineEntry, case_fact, timeline_source
from app.db import today
from app.extensions import db
from app.main.home import home_panel
from app.vocab import Role

HOME_PANEL_ROWS = 10


def register(app: Flask) -> None:
    """Offer the case facts, the timeline entries and the home panels to `app`."""
    case_fact(app, "verified_units", verified_units)
    case_fact(app, "pending_assessor_ids", pending_assessor_ids)
    case_fact(app, "planned_assessments", queries.planned_assessments)
    timeline_source(app, assessment_timeline)
    home_panel(app, "assessments/_home_assessor.html", assessor_panel, Role.ASSESSOR, order=20)
    home_panel(
        app, "assessments/_home_verifier.html", verifier_panel, Role.INTERNAL_VERIFIER, order=21
    )
    home_panel(app, "assessments/_home_coach.html", coach_panel, Role.COACH, order=25)


def verified_units(case) -> int:
    """Units with a current verified "achieved" decision."""
    return len({d.unit_id for d in queries.verified_achieved_decisions(case)})


def pending_assessor_ids(case) -> frozenset[int]:
    """Who has assessment work pending for the case's participant: they may not coach it."""
    participant_id = case.participant_id or case.participant.id
    return queries.pending_assessor_ids(participant_id)


def assessment_timeline(case, viewer) -> list[TimelineEntry]:
    """Assessments planned and decisions made, for the case's timeline."""
    entries = [
        TimelineEntry(
            a.created_at,
            _("Assessment"),
            _(
                "%(kind)s assessment on %(day)s: %(status)s",
                kind=labels.KINDS[a.kind],
                day=a.scheduled_on.isoformat(),
                status=labels.STATUSES[a.status],
            ),
            ", ".join(str(row.unit) for row in a.units),
            a.assessor.name,
        )
        for a in queries.case_assessments(case.id)
    ]
    entries += [
        TimelineEntry(
            d.decided_at,
            _("Decision"),
            f"{d.unit}: {labels.OUTCOMES[d.outcome]}",
            str(labels.DECISION_STATUSES[d.status]),
            d.assessor.name,
        )
        for d in queries.decision_history(case.id)
    ]
    return entries


def _first(query) -> dict:
    """The first rows of a list for a home panel, and how many there are in all."""
    page = db.paginate(query, page=1, per_page=HOME_PANEL_ROWS, error_out=False)
    return {"items": page.items, "total": page.total}


def assessor_panel(user) -> dict:
    """The first of the assessor's assessments waiting for results and planned by date, and
    of their decisions returned or waiting for their signature, each with how many in all."""
    now = today()
    waiting = queries.assessor_assessments_query(
        user.id, (AssessmentStatus.PLANNED, AssessmentStatus.RECORDED)
    ).where(sa.or_(Assessment.status == AssessmentStatus.RECORDED, Assessment.scheduled_on <= now))
    upcoming = queries.assessor_assessments_query(user.id, (AssessmentStatus.PLANNED,))
    lists = {
        "waiting": _first(waiting),
        "upcoming": _first(upcoming.where(Assessment.scheduled_on > now)),
        "returned": _first(queries.assessor_decisions_query(user.id, (DecisionStatus.RETURNED,))),
        "unsigned": _first(queries.assessor_decisions_query(user.id, (DecisionStatus.CONFIRMED,))),
    }
    shown = [row.case.participant_id for rows in lists.values() for row in rows["items"]]
    return {**lists, "shown": shown}


def verifier_panel(user) -> dict:
    """How many decisions wait for the verifier, and how many of them they may verify."""
    if user.municipality_id is None:
        return {"waiting": 0, "mine": 0}
    waiting, mine = queries.verification_counts(user.municipality_id, user.id)
    return {"waiting": waiting, "mine": mine}


def coach_panel(user) -> dict:
    """The first assessments planned in the coach's own cases, and how many there are."""
    if user.municipality_id is None:
        return {"assessments": [], "total": 0}
    query = queries.municipality_assessments(user.municipality_id, coach_id=user.id)
    first = db.paginate(query, page=1, per_page=HOME_PANEL_ROWS, error_out=False)
    shown = [assessment.case.participant_id for assessment in first.items]
    return {"assessments": first.items, "total": first.total, "shown": shown}
