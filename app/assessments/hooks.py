"""What the assessments area tells other areas: case facts, timeline, home panels
(`register`, called by the area's `init_app`).

Assessors and verifiers are deliberately not registered as `case_viewer`s: the case pages
would show them the whole development plan and every adaptation, while the assessment pages
give them what they need (the units, the adaptations that concern assessment, the results).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.assessments import labels, queries
from app.assessments.models import Assessment, AssessmentUnit, UnitDecision
from app.assessments.vocab import (
    AssessmentKind,
    AssessmentStatus,
    DecisionOutcome,
    DecisionStatus,
)
from app.cases.facts import (
    Asked,
    TimelineEntry,
    TimelineSource,
    case_fact,
    timeline_rows,
    timeline_source,
)
from app.cases.models import Case
from app.db import today
from app.extensions import db
from app.frameworks.models import Unit
from app.i18n import show_date
from app.main.home import home_panel
from app.notifications import Delivery, Due, Kind, notification_kind, reminder
from app.notifications.queries import people
from app.organisations.models import Municipality
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
    notifications(app)


def _verified_units(case_id):
    """Units with a current verified "achieved" decision (as `verified_achieved_decisions`)."""
    return (
        sa.select(sa.func.count(sa.distinct(UnitDecision.unit_id)))
        .where(
            UnitDecision.case_id == case_id,
            UnitDecision.status == DecisionStatus.VERIFIED,
            UnitDecision.outcome == DecisionOutcome.ACHIEVED,
            queries.not_superseded(),
        )
        .scalar_subquery()
    )


verified_units = Asked(_verified_units)


def pending_assessor_ids(case) -> frozenset[int]:
    """Who has assessment work pending for the case's participant: they may not coach it."""
    participant_id = case.participant_id or case.participant.id
    return queries.pending_assessor_ids(participant_id)


def _assessment_rows(case, viewer) -> list:
    """Assessments planned (a row per unit) and decisions made, for the case's timeline."""
    planned = (
        sa.select(
            *timeline_rows(
                "assessment",
                at=Assessment.created_at,
                day=Assessment.scheduled_on,
                by=Assessment.assessor_id,
                ref=Assessment.id,
                pos=AssessmentUnit.id,
                texts=(Assessment.kind, Assessment.status, Unit.code, Unit.title),
            )
        )
        .outerjoin(AssessmentUnit, AssessmentUnit.assessment_id == Assessment.id)
        .outerjoin(Unit, Unit.id == AssessmentUnit.unit_id)
        .where(Assessment.case_id == case.id)
    )
    decided = (
        sa.select(
            *timeline_rows(
                "decision",
                at=UnitDecision.decided_at,
                by=UnitDecision.assessor_id,
                ref=UnitDecision.id,
                texts=(Unit.code, Unit.title, UnitDecision.outcome, UnitDecision.status),
            )
        )
        .join(Unit, Unit.id == UnitDecision.unit_id)
        .where(UnitDecision.case_id == case.id)
    )
    return [planned, decided]


def _assessment_entries(rows) -> list[TimelineEntry]:
    """The assessments, the latest planned first, each with its units; then the decisions,
    newest first. The assessor is who each line names."""
    rows_of = {}
    for row in rows:
        if row.kind == "assessment":
            rows_of.setdefault(row.ref, []).append(row)
    entries = []
    for units in sorted(
        rows_of.values(), key=lambda units: (-units[0].day.toordinal(), units[0].ref)
    ):
        first = units[0]
        title = _(
            "%(kind)s assessment on %(day)s: %(status)s",
            kind=labels.KINDS[AssessmentKind(first.t1)],
            day=show_date(first.day),
            status=labels.STATUSES[AssessmentStatus(first.t2)],
        )
        names = ", ".join(
            f"{u.t3} {u.t4}" for u in sorted(units, key=lambda u: u.pos or 0) if u.pos
        )
        entries.append(TimelineEntry(first.at, _("Assessment"), title, names, by=first.by))
    decisions = sorted((row for row in rows if row.kind == "decision"), key=lambda row: -row.ref)
    entries += [
        TimelineEntry(
            row.at,
            _("Decision"),
            f"{row.t1} {row.t2}: {labels.OUTCOMES[DecisionOutcome(row.t3)]}",
            str(labels.DECISION_STATUSES[DecisionStatus(row.t4)]),
            by=row.by,
        )
        for row in decisions
    ]
    return entries


assessment_timeline = TimelineSource(
    ("assessment", "decision"), _assessment_rows, _assessment_entries
)


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


VERIFICATION_WORKING_DAYS = 10  # a decision waiting longer is named in the daily reminder


def notifications(app: Flask) -> None:
    """The notifications the area causes, and its reminders."""
    notification_kind(
        app,
        Kind.ASSESSMENT_SCHEDULED,
        Role.ASSESSOR,
        load=lambda assessment_id: db.session.get(Assessment, assessment_id),
        action="assessment.view",
        audience=lambda assessment, event: [assessment.assessor],
        link=assessment_link,
        reference=assessment_reference,
        invitation=invitation,
    )
    notification_kind(
        app,
        Kind.ASSESSMENT_TOMORROW,
        Role.ASSESSOR,
        Role.COACH,
        load=lambda assessment_id: db.session.get(Assessment, assessment_id),
        load_many=load_assessments,
        action="assessment.view",
        audience=lambda assessment, event: [assessment.assessor, assessment.case.coach],
        link=assessment_link,
        reference=assessment_reference,
        default=Delivery.DIGEST,
    )
    notification_kind(
        app,
        Kind.RESULTS_AWAIT_DECISION,
        Role.ASSESSOR,
        load=lambda assessment_id: db.session.get(Assessment, assessment_id),
        action="assessment.decide",
        audience=lambda assessment, event: [assessment.assessor],
        link=assessment_link,
        reference=assessment_reference,
        default=Delivery.IN_APP,
    )
    notification_kind(
        app,
        Kind.DECISION_RETURNED,
        Role.ASSESSOR,
        load=lambda decision_id: db.session.get(UnitDecision, decision_id),
        action="decision.revise",
        audience=lambda decision, event: [decision.assessor],
        link=lambda decision: url_for("assessments.decision", decision_id=decision.id),
        reference=lambda decision: str(decision.case),
    )
    notification_kind(
        app,
        Kind.VERIFICATION_WAITING,
        Role.INTERNAL_VERIFIER,
        load=lambda decision_id: db.session.get(UnitDecision, decision_id),
        action="decision.verify",
        audience=lambda decision, event: people(
            Role.INTERNAL_VERIFIER, municipality_id=decision.case.municipality_id
        ),
        link=lambda decision: url_for("assessments.queue"),
        reference=lambda decision: str(decision.case),
    )
    notification_kind(
        app,
        Kind.VERIFICATION_OVERDUE,
        Role.INTERNAL_VERIFIER,
        Role.ADMIN,
        load=lambda municipality_id: db.session.get(Municipality, municipality_id),
        action="verification.overdue",
        audience=lambda municipality, event: people(
            Role.INTERNAL_VERIFIER, Role.ADMIN, municipality_id=municipality.id
        ),
        link=lambda municipality: url_for("assessments.queue"),
        reference=lambda municipality: str(overdue_count(municipality.id, today())),
        default=Delivery.DIGEST,
    )
    reminder(app, Kind.ASSESSMENT_TOMORROW, assessments_tomorrow)
    reminder(app, Kind.VERIFICATION_OVERDUE, verification_overdue)


def assessment_link(assessment: Assessment) -> str:
    """Where a notification about an assessment leads: the assessment."""
    return url_for("assessments.show", assessment_id=assessment.id)


def assessment_reference(assessment: Assessment) -> str:
    """The case's number and the assessment's day (nothing of the participant)."""
    return f"{assessment.case}, {assessment.scheduled_on.isoformat()}"


def invitation(assessment: Assessment, event) -> tuple[str, str]:
    """The calendar invitation of a planned or moved assessment, or its cancellation."""
    from app.calendar.invitation import assessment_invitation  # the calendar reads this area

    cancelled = event.detail == "cancelled"
    return (
        assessment_invitation(assessment, cancelled=cancelled),
        "CANCEL" if cancelled else "REQUEST",
    )


def load_assessments(ids: list[int]) -> list[Assessment]:
    """Assessments with their cases, assessors and coaches, for many reminders at once."""
    query = (
        sa.select(Assessment)
        .where(Assessment.id.in_(ids))
        .options(
            joinedload(Assessment.assessor),
            joinedload(Assessment.case).joinedload(Case.coach),
        )
    )
    return list(db.session.scalars(query).unique())


def assessments_tomorrow(day: date) -> list[Due]:
    """Planned assessments of tomorrow; once per assessment and day."""
    tomorrow = day + timedelta(days=1)
    query = sa.select(Assessment.id).where(
        Assessment.status == AssessmentStatus.PLANNED, Assessment.scheduled_on == tomorrow
    )
    return [
        Due(assessment_id, f"{Kind.ASSESSMENT_TOMORROW}:{assessment_id}:{tomorrow.isoformat()}")
        for assessment_id in db.session.scalars(query)
    ]


def working_days_before(day: date, count: int) -> date:
    """The day `count` working days (Monday to Friday) before `day`."""
    while count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _overdue(day: date):
    cutoff = working_days_before(day, VERIFICATION_WORKING_DAYS)
    since = datetime.combine(cutoff, time.min, tzinfo=UTC)
    return (
        sa.select(Case.municipality_id, sa.func.count())
        .join(UnitDecision, UnitDecision.case_id == Case.id)
        .where(
            UnitDecision.status == DecisionStatus.AWAITING_VERIFICATION,
            UnitDecision.submitted_at < since,
        )
        .group_by(Case.municipality_id)
    )


def overdue_count(municipality_id: int, day: date) -> int:
    """How many of the municipality's decisions have waited past the working days."""
    query = _overdue(day).where(Case.municipality_id == municipality_id)
    row = db.session.execute(query).first()
    return row[1] if row else 0


def verification_overdue(day: date) -> list[Due]:
    """Each municipality with decisions waiting past the working days; once a day."""
    return [
        Due(municipality_id, f"{Kind.VERIFICATION_OVERDUE}:{municipality_id}:{day.isoformat()}")
        for municipality_id, _count in db.session.execute(_overdue(day))
    ]
