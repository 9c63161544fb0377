"""Planning assessments: who may assess, which units, when and where."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.assessments import rules
from app.assessments.models import Assessment, AssessmentAdaptation, AssessmentUnit
from app.assessments.queries import achieved_unit_ids, case_framework, pending_case_ids
from app.assessments.rules import Refusal
from app.assessments.services.common import participant_coach_ids, parties, person, text
from app.assessments.services.evidence import mapped_frameworks
from app.assessments.vocab import AdaptationKind, AssessmentKind, AssessmentStatus, ExamMode
from app.audit import record
from app.auth.models import User, UserRole
from app.cases.models import Adaptation, Case
from app.db import utcnow
from app.extensions import db
from app.frameworks.models import Framework, Unit
from app.frameworks.vocab import FrameworkStatus
from app.notifications import Kind, notify
from app.refusals import Refused, check
from app.vocab import Role


def assessor_refusals(user: User, case: Case) -> list[Refusal]:
    """Why `user` may not assess the case; empty when they may."""
    return rules.assessor_refusals(person(user), parties(case))


def coached_and_assessed(user: User) -> list[int]:
    """The cases where the user has assessment work pending while coaching (or having
    coached) the participant: what the rules forbid, left by data from before them."""
    cases = [db.session.get(Case, case_id) for case_id in pending_case_ids(user.id)]
    return sorted(case.id for case in cases if user.id in participant_coach_ids(case))


def check_roles(user: User, roles) -> None:
    """Raise Refused (at the form's `roles`) when the account may not be given these roles
    (`rules.role_refusals`); called by the administration before it saves an account's roles."""
    added = {Role(role).value for role in roles} - {role.value for role in user.roles}
    if user.id is None or not added & {Role.COACH.value, Role.ASSESSOR.value}:
        return
    check(rules.role_refusals(added, coached_and_assessed(user)), field="roles")


def eligible_assessors(case: Case) -> list[User]:
    """Active assessors who may assess the case, by name."""
    query = (
        sa.select(User)
        .where(User.is_active.is_(True), User.role_rows.any(UserRole.role == Role.ASSESSOR))
        .order_by(User.name)
        .options(selectinload(User.role_rows))  # the rules ask each for their roles
    )
    return [u for u in db.session.scalars(query) if not assessor_refusals(u, case)]


def candidate_frameworks(case: Case) -> list[Framework]:
    """The version the case is assessed against; else the mapped ones; else every published."""
    chosen = case_framework(case)
    if chosen is not None:
        return [chosen]
    mapped = mapped_frameworks(case)
    if mapped:
        return mapped
    query = sa.select(Framework).where(Framework.status == FrameworkStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(Framework.name, Framework.version)))


def assessable_units(case: Case) -> list[Unit]:
    """Units that may be planned: in a candidate framework, and not already achieved."""
    achieved = achieved_unit_ids(case.id)
    return [
        unit
        for framework in candidate_frameworks(case)
        for unit in framework.units
        if unit.id not in achieved
    ]


def assessment_adaptations(case: Case) -> list[Adaptation]:
    """The case's adaptations that concern assessment: all an assessor may see of them."""
    query = sa.select(Adaptation).where(
        Adaptation.case_id == case.id, Adaptation.concerns_assessment.is_(True)
    )
    return list(db.session.scalars(query.order_by(Adaptation.id)))


def _unit_refusals(case: Case, units: list[Unit]) -> list[Refusal]:
    if not units:
        return [Refusal.NO_UNITS]
    frameworks = {u.framework_id for u in units}
    allowed = {f.id for f in candidate_frameworks(case)}
    refused = [Refusal.OTHER_FRAMEWORK] if len(frameworks) > 1 or frameworks - allowed else []
    if any(u.id in achieved_unit_ids(case.id) for u in units):
        refused.append(Refusal.UNIT_ACHIEVED)
    return refused


def plan_assessment(case: Case, data: dict, actor) -> Assessment:
    """A planned assessment of `case`; raises Refused when the rules do not allow it, at the
    `assessor` field when the choice of assessor is among the reasons, else at `units`."""
    units = [db.session.get(Unit, uid) for uid in data["unit_ids"]]
    units = [u for u in units if u is not None]
    assessor = db.session.get(User, data["assessor_id"])
    refused = [] if case.is_open else [Refusal.CASE_CLOSED]
    refused += _unit_refusals(case, units)
    about_assessor = assessor_refusals(assessor, case) if assessor else [Refusal.NOT_ASSESSOR]
    check(refused + about_assessor, field="assessor" if about_assessor else "units")
    kind = AssessmentKind(data["kind"])
    assessment = Assessment(
        case=case,
        framework_id=units[0].framework_id,
        kind=kind,
        exam_mode=ExamMode(data["exam_mode"]) if kind is AssessmentKind.THEORETICAL else None,
        place=data["place"].strip(),
        scheduled_on=data["scheduled_on"],
        assessor=assessor,
        planned_by=actor,
        instructions=text(data.get("instructions")),
        adaptation_notes=text(data.get("adaptation_notes")),
        units=[AssessmentUnit(unit=u) for u in units],
        adaptations=[AssessmentAdaptation(kind=AdaptationKind(k)) for k in data["adaptations"]],
    )
    db.session.add(assessment)
    db.session.flush()
    record(
        "assessment.planned",
        assessment,
        participant_id=case.participant_id,
        details={"case": case.id, "assessor": assessor.id, "units": [u.id for u in units]},
        user=actor,
    )
    notify(Kind.ASSESSMENT_SCHEDULED, assessment, actor=actor, detail="planned")
    return assessment


def move_assessment(assessment: Assessment, data: dict, actor) -> None:
    """Move a planned assessment without results to another day or place; its assessor is told
    (with an updated calendar invitation). `data["sequence"]` is the assessment's
    `calendar_sequence` as the form showed it: a change made since is a conflict."""
    try:
        shown = int(data["sequence"])
    except (TypeError, ValueError) as exc:
        raise Refused("edit_conflict") from exc
    if shown != assessment.calendar_sequence:
        raise Refused("edit_conflict")
    if assessment.status is not AssessmentStatus.PLANNED or assessment.results:
        raise Refused(Refusal.NOT_MOVABLE)
    before = {"day": assessment.scheduled_on.isoformat(), "place": assessment.place}
    place = data["place"].strip()
    if data["scheduled_on"] == assessment.scheduled_on and place == assessment.place:
        return  # nothing changed: nobody is told
    assessment.scheduled_on, assessment.place = data["scheduled_on"], place
    db.session.flush()
    record(
        "assessment.moved",
        assessment,
        participant_id=assessment.case.participant_id,
        details={"from": before, "to": {"day": assessment.scheduled_on.isoformat()}},
        user=actor,
    )
    notify(Kind.ASSESSMENT_SCHEDULED, assessment, actor=actor, detail="moved")


def cancel_assessment(assessment: Assessment, reason: str, actor) -> None:
    """Cancel an assessment that has no results yet; it stays in the case's history."""
    if assessment.status is not AssessmentStatus.PLANNED or assessment.results:
        raise Refused(Refusal.NOT_CANCELLABLE)
    if not (reason or "").strip():
        raise Refused(Refusal.NO_REASON)
    assessment.status = AssessmentStatus.CANCELLED
    assessment.cancelled_at = utcnow()
    assessment.cancel_reason = reason.strip()
    db.session.flush()
    record(
        "assessment.cancelled",
        assessment,
        participant_id=assessment.case.participant_id,
        user=actor,
    )
    notify(Kind.ASSESSMENT_SCHEDULED, assessment, actor=actor, detail="cancelled")
