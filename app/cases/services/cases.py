"""Operations on a case: its stage, its coach, its details."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import record
from app.cases import workflow
from app.cases.facts import fact, facts_of
from app.cases.models import Assignment, Case, Transition
from app.cases.vocab import ConsentKind, LabourMarketStatus, Outcome
from app.cases.workflow import CaseFacts, Move, Stage
from app.db import utcnow
from app.extensions import db
from app.notifications import Kind, notify
from app.refusals import check
from app.webhooks import Event, publish


def _other_open_cases(case: Case):
    """How many other open cases the participant has in the case's municipality (an
    expression, read with the other facts)."""
    return (
        sa.select(sa.func.count(Case.id))
        .where(
            Case.participant_id == case.participant_id,
            Case.municipality_id == case.municipality_id,
            Case.id != case.id,
            Case.stage != Stage.CLOSED,
        )
        .scalar_subquery()
    )


# The facts other areas provide (app/cases/facts.py) that the workflow decides on.
AREA_FACTS = ("framework_chosen", "units_ready", "verified_units", "certificates", "placements")


def case_facts(case: Case) -> CaseFacts:
    """The snapshot of `case` that the workflow decides on: what the areas provide and the
    participant's other open cases in one statement, the consents and transfers from the case's
    own rows."""
    participant = case.participant
    more = {"other_open_cases": _other_open_cases(case)} if case.id else {}
    found = {"other_open_cases": 0} | facts_of(case, AREA_FACTS, **more)
    return CaseFacts(
        stage=case.stage,
        paused_from=case.paused_from,
        has_registration_consent=participant.has_consent(ConsentKind.REGISTRATION),
        has_employer_consent=participant.has_consent(ConsentKind.EMPLOYERS),
        has_municipality_consent=participant.has_consent(ConsentKind.OTHER_MUNICIPALITY),
        framework_chosen=bool(found["framework_chosen"]),
        units_ready=int(found["units_ready"] or 0),
        verified_units=int(found["verified_units"] or 0),
        certificates=int(found["certificates"] or 0),
        placements=int(found["placements"] or 0),
        transfer_pending=case.pending_transfer is not None,
        other_open_cases=int(found["other_open_cases"] or 0),
    )


def _enter(case: Case, to: Stage, actor, reason: str | None) -> Transition:
    """Move the case and write the transition line."""
    line = Transition(case=case, from_stage=case.stage, to_stage=to, actor=actor, reason=reason)
    db.session.add(line)
    case.stage = to
    case.stage_entered_at = utcnow()
    return line


def transition_case(case: Case, move: Move, actor) -> Transition:
    """Move the case to `move.to` if the workflow allows it; else Refused with its reasons."""
    workflow.check(case_facts(case), move)
    resuming = case.stage is Stage.PAUSED
    from_stage = case.stage
    if move.to is Stage.PAUSED:
        case.paused_from, case.pause_reason = case.stage, move.reason.strip()
        case.planned_return = move.planned_return
    elif resuming:
        case.paused_from = case.pause_reason = case.planned_return = None
    if move.to is Stage.CLOSED:
        case.outcome = Outcome(move.outcome)
        case.status_at_exit = LabourMarketStatus(move.exit_status)
        case.closed_at = utcnow()
    line = _enter(case, move.to, actor, move.reason.strip() or None)
    db.session.flush()
    record(
        "case.transition",
        case,
        participant_id=case.participant_id,
        details={"from": from_stage.value, "to": move.to.value},
        user=actor,
    )
    publish(Event.CASE_STAGE_CHANGED, case, previous=from_stage)
    return line


def check_coach(case: Case, coach) -> None:
    """Refuse (COACH_ASSESSES) when `coach` may not coach the case: they have assessment work
    pending for its participant (`workflow.coach_refusals`)."""
    pending = frozenset(fact(case, "pending_assessor_ids") or ())
    check(workflow.coach_refusals(coach.id, pending))


def open_case(participant, municipality, coach, actor, *, referral=None, goal=None) -> Case:
    """A new case in stage `referred`, assigned to `coach`, with its first history lines."""
    case = Case(
        participant=participant,
        municipality=municipality,
        coach=coach,
        referral=referral,
        stage=Stage.REFERRED,
        goal=goal,
    )
    db.session.add(case)
    db.session.add(Transition(case=case, from_stage=None, to_stage=Stage.REFERRED, actor=actor))
    db.session.add(Assignment(case=case, from_coach_id=None, to_coach=coach, actor=actor))
    db.session.flush()
    check_coach(case, coach)
    record("case.opened", case, participant_id=participant.id, user=actor)
    notify(Kind.CASE_ASSIGNED, case, actor=actor)
    return case


def reassign_case(case: Case, coach, actor, reason: str | None) -> Assignment:
    """Give the case to another coach of its municipality, and say so in its history.

    Refused (COACH_ASSESSES) while that coach has assessment work pending for the
    participant: the assessment is re-planned with another assessor first.
    """
    check_coach(case, coach)
    line = Assignment(
        case=case, from_coach_id=case.coach_id, to_coach=coach, actor=actor, reason=reason
    )
    db.session.add(line)
    case.coach = coach
    db.session.flush()
    record(
        "case.reassigned",
        case,
        participant_id=case.participant_id,
        details={"from": line.from_coach_id, "to": coach.id},
        user=actor,
    )
    notify(Kind.CASE_ASSIGNED, case, actor=actor)
    return line


def update_case_details(case: Case, *, goal: str | None, background: str | None, actor) -> None:
    """Save the case's goal and background."""
    case.goal, case.background = goal or None, background or None
    db.session.flush()
    record("case.updated", case, participant_id=case.participant_id, user=actor)


def coaches_of(municipality_id: int) -> list:
    """The active coaches of a municipality, by name."""
    from app.auth.models import User, UserRole
    from app.vocab import Role

    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.municipality_id == municipality_id,
                User.is_active.is_(True),
                User.role_rows.any(UserRole.role == Role.COACH),
            )
            .order_by(User.name)
            .options(sa.orm.selectinload(User.role_rows))
        )
    )
