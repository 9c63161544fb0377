"""What the assessments area reads: current decisions, results across attempts, lists."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from app.assessments.models import Assessment, AssessmentUnit, CriterionResult, UnitDecision
from app.assessments.vocab import AssessmentStatus, DecisionOutcome, DecisionStatus
from app.cases.models import Case
from app.cases.queries import with_header
from app.extensions import db
from app.frameworks.models import AssessmentCriterion, Framework, LearningOutcome, Unit

OPEN_STATUSES = (
    DecisionStatus.CONFIRMED,
    DecisionStatus.AWAITING_VERIFICATION,
    DecisionStatus.RETURNED,
)


def not_superseded():
    """A condition: no later decision names this one as the decision it replaces."""
    later = aliased(UnitDecision)
    return ~sa.exists().where(later.supersedes_id == UnitDecision.id)


def current_decisions(case_id: int, unit_id: int | None = None) -> list[UnitDecision]:
    """The case's decisions no later decision replaced, oldest first."""
    query = sa.select(UnitDecision).where(UnitDecision.case_id == case_id, not_superseded())
    if unit_id is not None:
        query = query.where(UnitDecision.unit_id == unit_id)
    return list(db.session.scalars(query.order_by(UnitDecision.decided_at, UnitDecision.id)))


def decision_history(case_id: int) -> list[UnitDecision]:
    """Every decision of the case, superseded ones included, newest first."""
    query = sa.select(UnitDecision).where(UnitDecision.case_id == case_id)
    query = query.options(joinedload(UnitDecision.unit), joinedload(UnitDecision.assessor))
    return list(db.session.scalars(query.order_by(UnitDecision.id.desc())))


def verified_achieved_decisions(case) -> list[UnitDecision]:
    """The case's current verified decisions that say "achieved": what may be certified."""
    query = (
        sa.select(UnitDecision)
        .join(UnitDecision.unit)
        .where(
            UnitDecision.case_id == case.id,
            UnitDecision.status == DecisionStatus.VERIFIED,
            UnitDecision.outcome == DecisionOutcome.ACHIEVED,
            not_superseded(),
        )
        # Units, assessors and verifiers come in the same query (joined, not looked up in the
        # session first), so the number of queries never depends on what is already loaded.
        .options(
            contains_eager(UnitDecision.unit),
            joinedload(UnitDecision.assessor),
            joinedload(UnitDecision.verifier),
        )
        .order_by(Unit.position, UnitDecision.id)
    )
    return list(db.session.scalars(query))


def achieved_unit_ids(case_id: int) -> set[int]:
    """Units with a current "achieved" decision that is not waiting to be revised."""
    return {
        d.unit_id
        for d in current_decisions(case_id)
        if d.outcome is DecisionOutcome.ACHIEVED and d.status is not DecisionStatus.RETURNED
    }


def _results_query(case_id: int):
    return (
        sa.select(LearningOutcome.unit_id, CriterionResult.criterion_id, CriterionResult.result)
        .join(CriterionResult.assessment)
        .join(CriterionResult.criterion)
        .join(AssessmentCriterion.outcome)
        .where(Assessment.case_id == case_id, Assessment.status != AssessmentStatus.CANCELLED)
    )


def unit_results(case_id: int, unit: Unit) -> list[tuple[int, str]]:
    """Every (criterion id, result) recorded for the unit in the case's assessments."""
    query = _results_query(case_id).where(LearningOutcome.unit_id == unit.id)
    return [(cid, result) for _unit, cid, result in db.session.execute(query)]


def results_by_unit(case_id: int) -> dict[int, list[tuple[int, str]]]:
    """`unit_results` of every unit of the case at once: {unit id: [(criterion id, result)]}."""
    results: dict[int, list[tuple[int, str]]] = {}
    for unit_id, cid, result in db.session.execute(_results_query(case_id)):
        results.setdefault(unit_id, []).append((cid, result))
    return results


def case_assessments(case_id: int) -> list[Assessment]:
    """The case's assessments, every attempt, newest first."""
    query = sa.select(Assessment).where(Assessment.case_id == case_id)
    query = query.options(
        selectinload(Assessment.units).joinedload(AssessmentUnit.unit),
        joinedload(Assessment.assessor),
    )
    return list(db.session.scalars(query.order_by(Assessment.scheduled_on.desc(), Assessment.id)))


def planned_assessments(case) -> tuple[Assessment, ...]:
    """The case's planned assessments (not yet recorded, not cancelled), by date."""
    query = (
        sa.select(Assessment)
        .where(Assessment.case_id == case.id, Assessment.status == AssessmentStatus.PLANNED)
        .order_by(Assessment.scheduled_on, Assessment.id)
    )
    return tuple(db.session.scalars(query))


def case_framework(case) -> Framework | None:
    """The framework version the case is assessed against: that of its first assessment."""
    query = (
        sa.select(Framework)
        .join(Assessment, Assessment.framework_id == Framework.id)
        .where(Assessment.case_id == case.id, Assessment.status != AssessmentStatus.CANCELLED)
        .order_by(Assessment.id)
        .limit(1)
        # With its units, outcomes and criteria: the pages that show a case's standing walk
        # all of them, in the same number of queries however many units the framework has.
        .options(
            selectinload(Framework.units)
            .selectinload(Unit.outcomes)
            .selectinload(LearningOutcome.criteria)
        )
    )
    return db.session.scalar(query)


def assessor_case_ids(user_id: int) -> set[int]:
    """The cases in which the user assesses (or assessed) at least one assessment."""
    query = sa.select(Assessment.case_id).where(
        Assessment.assessor_id == user_id, Assessment.status != AssessmentStatus.CANCELLED
    )
    return set(db.session.scalars(query))


def _as_listed() -> tuple:
    """Lists name each case's participant, the units and the assessor: loaded with the
    assessments, so the queries do not grow with the list."""
    return (
        joinedload(Assessment.case).joinedload(Case.participant),
        selectinload(Assessment.units).joinedload(AssessmentUnit.unit),
        joinedload(Assessment.assessor),
    )


def assessor_assessments_query(user_id: int, statuses):
    """A SELECT of the user's assigned assessments with these statuses, by date (to page)."""
    query = sa.select(Assessment).where(
        Assessment.assessor_id == user_id, Assessment.status.in_(statuses)
    )
    return query.options(*_as_listed()).order_by(Assessment.scheduled_on, Assessment.id)


def assessor_assessment_ids(user_id: int, statuses) -> sa.Select:
    """A SELECT of the ids of the user's assigned assessments with these statuses, the
    planned and waiting ones first (to page; `assessments_in_order` loads a page's rows).

    Only ids: an assessor has hundreds of decided assessments over the years, and sorting
    them with their cases and participants joined cost five times as much."""
    decided = Assessment.status == AssessmentStatus.DECIDED
    return (
        sa.select(Assessment.id)
        .where(Assessment.assessor_id == user_id, Assessment.status.in_(statuses))
        .order_by(
            sa.case((decided, 1), else_=0),  # planned and waiting first, by date
            sa.case((decided, None), else_=Assessment.scheduled_on),
            Assessment.scheduled_on.desc(),  # then the decided ones, latest first
            Assessment.id,
        )
    )


def assessments_in_order(ids: list[int]) -> list[Assessment]:
    """These assessments in this order, as lists show them (a fixed number of queries)."""
    query = sa.select(Assessment).where(Assessment.id.in_(ids)).options(*_as_listed())
    found = {a.id: a for a in db.session.scalars(query).unique()}
    return [found[i] for i in ids if i in found]


def assessor_decisions_query(user_id: int, statuses) -> sa.Select:
    """A SELECT of the user's current decisions with these statuses, oldest first (to page)."""
    query = sa.select(UnitDecision).where(
        UnitDecision.assessor_id == user_id, UnitDecision.status.in_(statuses), not_superseded()
    )
    # Lists name each decision's unit and participant: loaded with the decisions.
    query = query.options(
        joinedload(UnitDecision.unit), joinedload(UnitDecision.case).joinedload(Case.participant)
    )
    return query.order_by(UnitDecision.decided_at, UnitDecision.id)


def municipality_assessments(municipality_id: int, *, coach_id: int | None = None):
    """A SELECT of the assessments of a municipality's (or one coach's) cases that are planned
    or waiting, by date.

    A SELECT to paginate: a municipality has thousands of them over the years, and a page that
    listed them all took half a second to draw on 100 000 cases.
    """
    query = (
        sa.select(Assessment)
        .join(Assessment.case)
        .where(
            Case.municipality_id == municipality_id,
            Assessment.status.in_((AssessmentStatus.PLANNED, AssessmentStatus.RECORDED)),
        )
    )
    if coach_id is not None:
        query = query.where(Case.coach_id == coach_id)
    # Each line names the case's participant, the units and the assessor: loaded with the
    # assessments, so the queries do not grow with the list.
    query = query.options(
        contains_eager(Assessment.case).joinedload(Case.participant),
        selectinload(Assessment.units).joinedload(AssessmentUnit.unit),
        joinedload(Assessment.assessor),
    )
    return query.order_by(Assessment.scheduled_on, Assessment.id)


def _waiting_in(municipality_id: int):
    return (
        sa.select(UnitDecision)
        .join(UnitDecision.case)
        .where(
            Case.municipality_id == municipality_id,
            UnitDecision.status == DecisionStatus.AWAITING_VERIFICATION,
            not_superseded(),
        )
    )


def verification_queue(municipality_id: int):
    """Decisions of the municipality's cases waiting for an internal verifier, oldest first.

    A SELECT to paginate: a region's verifiers can have hundreds waiting. The partial index
    unit_decisions_waiting hands them over oldest first without reading the decided ones.
    """
    return (
        _waiting_in(municipality_id)
        .order_by(UnitDecision.submitted_at, UnitDecision.id)
        # The queue shows each decision's unit, assessor and participant: loaded with the
        # decisions, so the queries do not grow with the queue.
        .options(
            contains_eager(UnitDecision.case).joinedload(Case.participant),
            joinedload(UnitDecision.unit),
            joinedload(UnitDecision.assessor),
        )
    )


def verification_counts(municipality_id: int, user_id: int) -> tuple[int, int]:
    """How many decisions wait in the municipality, and how many of them `user_id` made."""
    waiting = _waiting_in(municipality_id).subquery()
    mine = sa.func.count().filter(waiting.c.assessor_id == user_id)
    row = db.session.execute(sa.select(sa.func.count(), mine).select_from(waiting)).one()
    return row[0], row[1]


def verified_decisions_query(municipality_id: int):
    """The municipality's verified decisions, newest first (for external quality assurance)."""
    return (
        sa.select(UnitDecision)
        .join(UnitDecision.case)
        .where(
            Case.municipality_id == municipality_id,
            UnitDecision.status == DecisionStatus.VERIFIED,
        )
        .order_by(UnitDecision.verified_at.desc(), UnitDecision.id.desc())
    )


def case_recommendations(case_id: int) -> list:
    """The recommendations for award of credit signed in the case, newest first."""
    from app.assessments.models import CreditRecommendation

    query = sa.select(CreditRecommendation).where(CreditRecommendation.case_id == case_id)
    query = query.options(selectinload(CreditRecommendation.decisions))  # each lists its own
    return list(db.session.scalars(query.order_by(CreditRecommendation.signed_at.desc())))


# Assessment work still to be done by its assessor: an assessment waiting for results or
# decisions, a decision to sign, a decision returned to be revised.
PENDING_ASSESSMENTS = (AssessmentStatus.PLANNED, AssessmentStatus.RECORDED)
PENDING_DECISIONS = (DecisionStatus.CONFIRMED, DecisionStatus.RETURNED)


def _pending(*where) -> sa.CompoundSelect:
    """(assessor id, case id) of the pending assessment work matching `where` (on Case)."""
    assessments = (
        sa.select(Assessment.assessor_id, Assessment.case_id)
        .join(Case, Case.id == Assessment.case_id)
        .where(Assessment.status.in_(PENDING_ASSESSMENTS), *where)
    )
    decisions = (
        sa.select(UnitDecision.assessor_id, UnitDecision.case_id)
        .join(Case, Case.id == UnitDecision.case_id)
        .where(UnitDecision.status.in_(PENDING_DECISIONS), not_superseded(), *where)
    )
    return sa.union(assessments, decisions)


def pending_assessor_ids(participant_id: int) -> frozenset[int]:
    """Who has assessment work pending for the participant, in any of their cases."""
    rows = db.session.execute(_pending(Case.participant_id == participant_id))
    return frozenset(assessor_id for assessor_id, _case_id in rows)


def pending_case_ids(assessor_id: int) -> set[int]:
    """The cases in which the assessor has assessment work pending."""
    pending = _pending().subquery()
    query = sa.select(pending.c.case_id).where(pending.c.assessor_id == assessor_id)
    return set(db.session.scalars(query))


def whole_assessment() -> tuple:
    """Loader options for the assessment's page: its case under the case header, its units
    with their outcomes and criteria and exam items, its adaptations, attachments and results,
    a statement each however many units and outcomes (lazily, one per outcome)."""
    units = selectinload(Assessment.units)
    return (
        joinedload(Assessment.case).options(*with_header()),
        joinedload(Assessment.framework),
        units.joinedload(AssessmentUnit.unit)
        .selectinload(Unit.outcomes)
        .selectinload(LearningOutcome.criteria),
        units.selectinload(AssessmentUnit.items),
        selectinload(Assessment.adaptations),
        selectinload(Assessment.attachments),
        selectinload(Assessment.results),
    )
