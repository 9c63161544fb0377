"""The assessments services: planning, recording, deciding, signing, verifying, correcting."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.assessments.locking import VerifiedDecisionIsLocked
from app.assessments.models import UnitDecision
from app.assessments.queries import verified_achieved_decisions
from app.assessments.rules import Refusal
from app.assessments.services import decisions
from app.assessments.services.recording import Results, UnitScore, record_results
from app.assessments.services.verification import (
    return_decision,
    set_sample_percent,
    sign_recommendation,
    verify_decision,
)
from app.assessments.vocab import (
    AssessmentKind,
    AssessmentStatus,
    DecisionOutcome,
    DecisionStatus,
    Result,
)
from app.audit import AuditEvent
from app.cases.facts import fact
from app.extensions import db
from app.refusals import Refused
from app.vocab import Role
from tests.assessments.factories import decide_all, plan, record, verified_unit
from tests.cases.factories import make_case
from tests.clock import TODAY

ACHIEVED, NOT_YET = DecisionOutcome.ACHIEVED, DecisionOutcome.NOT_YET_ACHIEVED


def refusals(call, *args, **kwargs) -> list[Refusal]:
    with pytest.raises(Refused) as raised:
        call(*args, **kwargs)
    return list(raised.value.codes)


def test_a_coach_cannot_be_assessor_of_their_own_participant(world, case, unit, make_user):
    coach = world["coach"]
    coach.set_roles({Role.COACH, Role.ASSESSOR})
    db.session.flush()
    assert Refusal.IS_COACH in refusals(plan, case, coach, [unit])


def test_a_coach_of_another_case_of_the_participant_cannot_assess_either(world, case, unit):
    colleague = world["coach2"]
    colleague.set_roles({Role.COACH, Role.ASSESSOR})
    make_case(colleague, case.participant)
    assert Refusal.IS_COACH in refusals(plan, case, colleague, [unit])


def test_the_assessor_must_belong_to_a_cooperating_municipality(world, case, unit, make_user):
    far = make_user(Role.ASSESSOR, municipality=world.outside)
    assert refusals(plan, case, far, [unit]) == [Refusal.NOT_COOPERATING]
    near = make_user(Role.ASSESSOR, municipality=world.other)
    assert plan(case, near, [unit]).assessor == near


def test_planning_keeps_units_within_one_framework_version(world, case, framework):
    from tests.frameworks.factories import make_framework

    other = make_framework()
    assessor = world["assessor"]
    mixed = [framework.units[0], other.units[0]]
    assert Refusal.OTHER_FRAMEWORK in refusals(plan, case, assessor, mixed)
    plan(case, assessor, [framework.units[0]])
    # The case is now assessed against `framework`: another version is refused.
    assert Refusal.OTHER_FRAMEWORK in refusals(plan, case, assessor, [other.units[0]])


def test_planning_is_logged_with_the_participant(world, case, unit):
    assessment = plan(case, world["assessor"], [unit], scheduled_on=TODAY)
    line = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "assessment.planned", AuditEvent.object_id == assessment.id
        )
    )
    assert line.participant_id == case.participant_id
    assert assessment.status is AssessmentStatus.PLANNED


def test_a_practical_assessment_needs_every_criterion(world, case, unit):
    assessment = plan(case, world["assessor"], [unit], scheduled_on=TODAY)
    partial = Results(criteria={unit.criteria[0].id: (Result.MET, None)})
    assert refusals(record_results, assessment, partial, world["assessor"]) == [
        Refusal.MISSING_RESULTS
    ]
    assert assessment.results == []


def test_a_theoretical_score_below_the_pass_mark_meets_no_criterion(world, case, unit):
    assessment = plan(
        case, world["assessor"], [unit], kind=AssessmentKind.THEORETICAL, scheduled_on=TODAY
    )
    entered = Results(
        criteria={c.id: (Result.MET, None) for c in unit.criteria},
        scores={unit.id: UnitScore(10, 14, 20)},
    )
    assert refusals(record_results, assessment, entered, world["assessor"]) == [
        Refusal.SCORE_FAILED
    ]
    entered.scores[unit.id] = UnitScore(16, 14, 20)
    record_results(assessment, entered, world["assessor"])
    assert assessment.unit_row(unit.id).passed is True


def test_a_unit_with_one_unmet_criterion_cannot_be_achieved(world, case, unit):
    assessment = record(plan(case, world["assessor"], [unit]), unmet={unit.criteria[-1].id})
    assert decisions.proposal_for(case.id, unit).outcome is NOT_YET
    refused = refusals(
        decisions.decide_unit, assessment, unit, ACHIEVED, "Jag är säker.", world["assessor"]
    )
    assert refused == [Refusal.UNMET_CRITERIA]
    assert db.session.scalar(sa.select(sa.func.count(UnitDecision.id))) == 0


def test_departing_from_the_proposal_needs_a_justification(world, case, unit):
    assessment = record(plan(case, world["assessor"], [unit]))
    assert refusals(decisions.decide_unit, assessment, unit, NOT_YET, "", world["assessor"]) == [
        Refusal.NO_JUSTIFICATION
    ]
    decision = decisions.decide_unit(
        assessment, unit, NOT_YET, "Osäkert vid ett moment.", world["assessor"]
    )
    assert decision.departs and decision.proposed_outcome is ACHIEVED


def test_failed_attempt_training_and_passed_second_attempt(world, case, unit):
    assessor, verifier = world["assessor"], world["verifier"]
    first = record(plan(case, assessor, [unit]), unmet={unit.criteria[0].id})
    [failed] = decide_all(first)
    assert failed.outcome is NOT_YET and first.status is AssessmentStatus.DECIDED
    sign_recommendation(case, assessor, draw=lambda: 0.0)
    verify_decision(failed, verifier)
    # The second attempt only needs to show the criterion not met the first time.
    second = plan(case, assessor, [unit], scheduled_on=TODAY)
    entered = Results(criteria={c.id: (Result.MET, None) for c in unit.criteria})
    record_results(second, entered, assessor)
    [passed] = decide_all(second)
    assert passed.outcome is ACHIEVED
    sign_recommendation(case, assessor, draw=lambda: 0.0)
    verify_decision(passed, verifier)
    assert verified_achieved_decisions(case) == [passed]
    assert failed.status is DecisionStatus.VERIFIED  # every attempt is kept


def test_an_achieved_unit_is_not_decided_again(world, case, unit):
    verified_unit(case, world["assessor"], world["verifier"], unit)
    assert Refusal.UNIT_ACHIEVED in refusals(plan, case, world["assessor"], [unit])


def test_a_verifier_cannot_verify_their_own_decision(world, case, unit):
    verifier = world["verifier"]  # an assessor holding the verifier right
    assessment = record(plan(case, verifier, [unit]))
    [decision] = decide_all(assessment)
    sign_recommendation(case, verifier, draw=lambda: 0.0)
    assert refusals(verify_decision, decision, verifier) == [Refusal.OWN_DECISION]
    assert decision.status is DecisionStatus.AWAITING_VERIFICATION


def test_a_returned_decision_goes_back_to_the_assessor(world, case, unit):
    assessor, verifier = world["assessor"], world["verifier"]
    [decision] = decide_all(record(plan(case, assessor, [unit])))
    sign_recommendation(case, assessor, draw=lambda: 0.0)
    return_decision(decision, "Beskriv observationen av 1.2 tydligare.", verifier)
    assert decision.status is DecisionStatus.RETURNED
    from app.assessments.queries import assessor_decisions_query

    returned = assessor_decisions_query(assessor.id, (DecisionStatus.RETURNED,))
    assert db.session.scalars(returned).all() == [decision]
    new = decisions.revise_decision(decision, ACHIEVED, "", "Kompletterat med foto.", assessor)
    assert new.supersedes == decision and new.status is DecisionStatus.CONFIRMED
    assert decision.status is DecisionStatus.RETURNED  # the returned one is kept as it was
    sign_recommendation(case, assessor, draw=lambda: 0.0)
    verify_decision(new, verifier)
    assert verified_achieved_decisions(case) == [new]


def test_returning_needs_a_comment(world, case, unit):
    [decision] = decide_all(record(plan(case, world["assessor"], [unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    assert refusals(return_decision, decision, "  ", world["verifier"]) == [Refusal.NO_COMMENT]


def test_a_verified_decision_is_locked_in_the_session(world, case, unit):
    decision = verified_unit(case, world["assessor"], world["verifier"], unit)
    db.session.flush()
    decision.outcome = NOT_YET
    with pytest.raises(VerifiedDecisionIsLocked):
        db.session.flush()
    db.session.rollback()


def test_no_decision_can_be_deleted_or_bulk_updated(world, case, unit):
    decision = verified_unit(case, world["assessor"], world["verifier"], unit)
    db.session.delete(decision)
    with pytest.raises(VerifiedDecisionIsLocked):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(VerifiedDecisionIsLocked):
        db.session.execute(sa.update(UnitDecision).values(reason="x"))


def test_a_correction_is_a_new_decision_referring_to_the_old_one(world, case, unit):
    old = verified_unit(case, world["assessor"], world["verifier"], unit)
    new = decisions.correct_decision(
        old, NOT_YET, "Intyg från arbetsplatsen saknas.", "Fel underlag.", world["assessor"]
    )
    assert new.supersedes_id == old.id and new.reason == "Fel underlag."
    assert old.status is DecisionStatus.VERIFIED and old.outcome is ACHIEVED
    assert verified_achieved_decisions(case) == []
    assert Refusal.ALREADY_CORRECTED in refusals(
        decisions.correct_decision, old, ACHIEVED, "", "Igen.", world["assessor"]
    )


def test_decisions_outside_the_sample_are_verified_by_sampling(world, case, unit, make_user):
    set_sample_percent(world.home, 0, world["admin"])
    assessor = world["assessor"]
    # Ten earlier cases: this assessor's first ten are always verified.
    for _ in range(10):
        earlier = make_case(world["coach2"])
        [d] = decide_all(record(plan(earlier, assessor, [unit])))
        sign_recommendation(earlier, assessor, draw=lambda: 0.0)
        assert d.status is DecisionStatus.AWAITING_VERIFICATION
    [decision] = decide_all(record(plan(case, assessor, [unit])))
    sign_recommendation(case, assessor, draw=lambda: 0.5)
    assert decision.status is DecisionStatus.VERIFIED and decision.verified_by_sampling
    assert decision.verifier_id is None
    logged = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "decision.verified_by_sampling",
            AuditEvent.object_id == decision.id,
        )
    )
    assert logged is not None


def test_signing_lists_the_units_proposed_for_certification(world, case, framework):
    assessor = world["assessor"]
    first, second = framework.units
    assessment = record(plan(case, assessor, [first, second]), unmet={second.criteria[0].id})
    decide_all(assessment)
    signed = sign_recommendation(case, assessor, draw=lambda: 0.0)
    assert [d.unit for d in signed.proposed] == [first]
    assert len(signed.decisions) == 2
    assert refusals(sign_recommendation, case, assessor) == [Refusal.NOTHING_TO_SIGN]


def test_the_cases_workflow_learns_the_verified_units(world, case, unit):
    assert fact(case, "verified_units") == 0
    verified_unit(case, world["assessor"], world["verifier"], unit)
    assert fact(case, "verified_units") == 1


def test_verified_achieved_decisions_loads_unit_assessor_and_verifier(world, case, unit):
    verified_unit(case, world["assessor"], world["verifier"], unit)
    db.session.expire_all()
    [decision] = verified_achieved_decisions(case)
    state = sa.inspect(decision)
    assert {"unit", "assessor", "verifier"} <= set(state.dict)
    assert decision.verifier == world["verifier"]
