"""A coach's daily work on a case: journal, development plan, follow-ups, adaptations."""

from __future__ import annotations

from app.audit import record
from app.cases.models import Adaptation, Case, FollowUp, JournalEntry, PlanActivity, PlanGoal
from app.cases.vocab import ActivityKind, JournalKind, PlanStatus
from app.db import utcnow
from app.extensions import db


def _text(value) -> str | None:
    return (value or "").strip() or None


def _added(obj, case: Case, action: str, actor):
    db.session.add(obj)
    db.session.flush()
    record(action, obj, participant_id=case.participant_id, details={"case": case.id}, user=actor)
    return obj


def add_journal_entry(case: Case, data: dict, actor) -> JournalEntry:
    """A dated entry in the case's journal."""
    entry = JournalEntry(
        case=case,
        kind=JournalKind(data["kind"]),
        occurred_on=data["occurred_on"],
        text=data["text"].strip(),
        author=actor,
        is_shared=bool(data.get("is_shared")),
    )
    return _added(entry, case, "case.journal_added", actor)


def add_goal(case: Case, data: dict, actor) -> PlanGoal:
    """A goal of the individual development plan."""
    goal = PlanGoal(
        case=case, description=data["description"].strip(), target_date=data["target_date"]
    )
    return _added(goal, case, "case.goal_added", actor)


def add_activity(case: Case, data: dict, actor) -> PlanActivity:
    """An activity of the individual development plan."""
    activity = PlanActivity(
        case=case,
        kind=ActivityKind(data["kind"]),
        description=data["description"].strip(),
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
    )
    return _added(activity, case, "case.activity_added", actor)


def set_plan_status(item: PlanGoal | PlanActivity, status: PlanStatus, actor) -> None:
    """Change the status of a goal or an activity."""
    item.status = status
    db.session.flush()
    record(
        "case.plan_status",
        item,
        participant_id=item.case.participant_id,
        details={"case": item.case_id, "status": status.value},
        user=actor,
    )


def add_follow_up(case: Case, data: dict, actor) -> FollowUp:
    """An agreed follow-up date."""
    follow_up = FollowUp(case=case, due_on=data["due_on"], purpose=data["purpose"].strip())
    return _added(follow_up, case, "case.follow_up_added", actor)


def complete_follow_up(follow_up: FollowUp, actor) -> None:
    """Mark a follow-up as done."""
    if follow_up.done_at is None:
        follow_up.done_at, follow_up.done_by = utcnow(), actor
        db.session.flush()
        record(
            "case.follow_up_done",
            follow_up,
            participant_id=follow_up.case.participant_id,
            user=actor,
        )


def add_adaptation(case: Case, data: dict, actor) -> Adaptation:
    """A need and the adaptation agreed for it."""
    adaptation = Adaptation(
        case=case,
        need=data["need"].strip(),
        agreed=_text(data.get("agreed")),
        concerns_assessment=bool(data.get("concerns_assessment")),
        concerns_workplace=bool(data.get("concerns_workplace")),
        employers_may_see=bool(data.get("employers_may_see")),
        created_by=actor,
    )
    return _added(adaptation, case, "case.adaptation_added", actor)


def remove_adaptation(adaptation: Adaptation, actor) -> None:
    """Remove an adaptation that no longer applies."""
    record(
        "case.adaptation_removed",
        adaptation,
        participant_id=adaptation.case.participant_id,
        details={"case": adaptation.case_id},
        user=actor,
    )
    db.session.delete(adaptation)
    db.session.flush()
