"""The assessor is independent of the participant's coach at every step, not only when planned:
results, unit decisions, signing, verification, reassigning the case and giving roles."""

from __future__ import annotations

import pytest

from app.assessments.models import CriterionResult, UnitDecision
from app.assessments.rules import Refusal
from app.assessments.services import decisions
from app.assessments.services.recording import Results, record_results
from app.assessments.services.verification import (
    return_decision,
    sign_recommendation,
    verify_decision,
)
from app.assessments.vocab import AssessmentStatus, DecisionStatus, Result
from app.cases.models import Assignment
from app.cases.services.cases import reassign_case
from app.cases.workflow import Refusal as CaseRefusal
from app.cases.workflow import Stage
from app.extensions import db
from app.refusals import Refused
from app.vocab import Role
from tests.assessments.factories import decide_all, plan, record
from tests.assessments.helpers import count, results_form

COACHES = "Du är deltagarens handledare och får därför inte bedöma deltagaren"


def refusals(call, *args, **kwargs) -> list:
    with pytest.raises(Refused) as raised:
        call(*args, **kwargs)
    return list(raised.value.codes)


@pytest.fixture
def dual(make_user, world):
    """A person of the home municipality who is both coach and assessor."""
    return make_user(Role.COACH, Role.ASSESSOR, municipality=world.home, name="Dubbel Roll")


def became_coach(case, user) -> None:
    """The case given to `user` as its coach as the reassignment did before it checked: the
    state the rules must still refuse at every later step."""
    db.session.add(Assignment(case=case, from_coach_id=case.coach_id, to_coach=user, actor=user))
    case.coach = user
    db.session.flush()


# --- the services ------------------------------------------------------------------------------


def test_results_are_refused_to_an_assessor_who_became_the_coach(world, case, unit, dual):
    assessment = plan(case, dual, [unit])
    became_coach(case, dual)
    entered = Results(criteria={c.id: (Result.MET, None) for c in unit.criteria})
    assert refusals(record_results, assessment, entered, dual) == [Refusal.COACHES_PARTICIPANT]
    assert assessment.status is AssessmentStatus.PLANNED


def test_a_unit_decision_is_refused_to_an_assessor_who_became_the_coach(world, case, unit, dual):
    assessment = record(plan(case, dual, [unit]))
    became_coach(case, dual)
    refused = refusals(decisions.decide_unit, assessment, unit, "achieved", None, dual)
    assert refused == [Refusal.COACHES_PARTICIPANT]


def test_signing_is_refused_to_an_assessor_who_became_the_coach(world, case, unit, dual):
    decide_all(record(plan(case, dual, [unit])))
    became_coach(case, dual)
    assert refusals(sign_recommendation, case, dual) == [Refusal.COACHES_PARTICIPANT]


def test_a_revision_is_refused_to_an_assessor_who_became_the_coach(world, case, unit, dual):
    [decision] = decide_all(record(plan(case, dual, [unit])))
    sign_recommendation(case, dual, draw=lambda: 0.0)
    return_decision(decision, "Se kriterium 1.", world["verifier"])
    became_coach(case, dual)
    refused = refusals(decisions.revise_decision, decision, "achieved", None, "Svar.", dual)
    assert refused == [Refusal.COACHES_PARTICIPANT]


def test_a_verifier_who_coached_the_participant_may_not_verify(world, case, unit, make_user):
    verifier = make_user(Role.COACH, Role.ASSESSOR, Role.INTERNAL_VERIFIER, municipality=world.home)
    case.coach = verifier  # the first coach, before the case was given to `coach`
    reassign_case(case, world["coach"], world["admin"], "Byte")
    [decision] = decide_all(record(plan(case, world["assessor"], [unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    assert refusals(verify_decision, decision, verifier) == [Refusal.VERIFIER_IS_COACH]
    refused = refusals(return_decision, decision, "Se 1.", verifier)
    assert refused == [Refusal.VERIFIER_IS_COACH]
    assert decision.status is DecisionStatus.AWAITING_VERIFICATION
    verify_decision(decision, world["verifier"])  # an independent verifier may


def test_the_case_is_not_given_to_its_planned_assessor_until_replanned(world, case, unit, dual):
    assessment = plan(case, dual, [unit])
    refused = refusals(reassign_case, case, dual, world["admin"], "Byte")
    assert refused == [CaseRefusal.COACH_ASSESSES]
    assert case.coach == world["coach"]
    from app.assessments.services.planning import cancel_assessment

    cancel_assessment(assessment, "Bedömaren blir handledare.", world["coach"])
    reassign_case(case, dual, world["admin"], "Byte")
    assert case.coach == dual


def test_a_decision_waiting_for_signature_also_keeps_the_case_from_its_assessor(
    world, case, unit, dual
):
    decide_all(record(plan(case, dual, [unit])))
    refused = refusals(reassign_case, case, dual, world["admin"], "Byte")
    assert refused == [CaseRefusal.COACH_ASSESSES]
    sign_recommendation(case, dual, draw=lambda: 0.0)  # sent on: nothing pending any more
    reassign_case(case, dual, world["admin"], "Byte")


def test_a_role_is_refused_only_where_the_person_coaches_someone_they_assess(
    world, case, unit, make_user
):
    from app.assessments.services.planning import check_roles

    assessor = make_user(Role.ASSESSOR, municipality=world.home)
    check_roles(assessor, {"assessor", "coach"})  # assessing only: both roles are fine
    plan(case, assessor, [unit])
    check_roles(assessor, {"assessor", "coach"})  # planned, but coaching nobody
    became_coach(case, assessor)  # left by the time before the rules held
    assert refusals(check_roles, assessor, {"assessor", "coach"}) == [Refusal.ROLE_CONFLICT]
    check_roles(assessor, {"assessor", "internal_verifier"})  # not a coach's or assessor's


def test_a_referral_is_not_accepted_by_who_assesses_the_participant(world, case, unit, dual):
    from app.cases.models import Referral
    from app.cases.services.referrals import accept_referral
    from app.db import today

    plan(case, dual, [unit])
    case.stage = Stage.CLOSED  # a new referral after the case closed, the assessment still due
    referral = Referral(
        participant=case.participant,
        municipality=world.home,
        source="social_services",
        referred_on=today(),
        reason="Ny remiss",
    )
    db.session.add(referral)
    db.session.flush()
    assert refusals(accept_referral, referral, dual) == [CaseRefusal.COACH_ASSESSES]


def test_a_transfer_is_not_accepted_by_who_assesses_the_participant(world, case, unit, make_user):
    from app.cases.services.transfers import accept_transfer, request_transfer
    from app.cases.vocab import ConsentKind
    from tests.cases.factories import give_consent

    there = make_user(Role.COACH, Role.ASSESSOR, municipality=world.other)
    plan(case, there, [unit])  # an assessor of a cooperating municipality
    give_consent(case.participant, ConsentKind.OTHER_MUNICIPALITY, world["coach"])
    transfer = request_transfer(case, world.other, "Flyttar.", world["coach"])
    assert refusals(accept_transfer, transfer, there) == [CaseRefusal.COACH_ASSESSES]


# --- through the routes -----------------------------------------------------------------------


def test_the_results_page_refuses_an_assessor_who_became_the_coach(client, world, case, unit, dual):
    assessment = plan(case, dual, [unit])
    became_coach(case, dual)
    db.session.commit()
    client.login(dual)
    page = client.post(
        f"/assessments/{assessment.id}/results", data=results_form(unit), follow_redirects=True
    )
    assert page.status_code == 200 and COACHES in page.get_data(as_text=True)
    assert count(CriterionResult) == 0


def test_the_decision_page_refuses_an_assessor_who_became_the_coach(
    client, world, case, unit, dual
):
    assessment = record(plan(case, dual, [unit]))
    became_coach(case, dual)
    db.session.commit()
    client.login(dual)
    url = f"/assessments/{assessment.id}/units/{unit.id}/decision"
    page = client.post(url, data={"outcome": "achieved"})
    assert page.status_code == 200 and COACHES in page.get_data(as_text=True)
    assert count(UnitDecision) == 0


def test_the_signing_page_refuses_an_assessor_who_became_the_coach(client, world, case, unit, dual):
    [decision] = decide_all(record(plan(case, dual, [unit])))
    became_coach(case, dual)
    db.session.commit()
    client.login(dual)
    page = client.post(f"/assessments/cases/{case.id}/recommendation", follow_redirects=True)
    assert COACHES in page.get_data(as_text=True)
    assert db.session.get(UnitDecision, decision.id).status is DecisionStatus.CONFIRMED


def test_the_verify_button_refuses_a_verifier_who_coached_the_participant(
    client, world, case, unit, make_user
):
    verifier = make_user(Role.COACH, Role.ASSESSOR, Role.INTERNAL_VERIFIER, municipality=world.home)
    case.coach = verifier
    reassign_case(case, world["coach"], world["admin"], "Byte")
    [decision] = decide_all(record(plan(case, world["assessor"], [unit])))
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    db.session.commit()
    client.login(verifier)
    page = client.post(f"/assessments/decisions/{decision.id}/verify", follow_redirects=True)
    assert "Du är deltagarens handledare och får därför inte kvalitetssäkra" in page.get_data(True)
    assert db.session.get(UnitDecision, decision.id).status is DecisionStatus.AWAITING_VERIFICATION


def test_the_reassign_page_refuses_the_planned_assessor(client, world, case, unit, dual):
    plan(case, dual, [unit])
    db.session.commit()
    client.login(world["coach"])
    page = client.get(f"/cases/{case.id}/reassign").get_data(as_text=True)
    version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"/cases/{case.id}/reassign",
        data={"coach": dual.id, "reason": "Byte", "version": version},
        follow_redirects=True,
    )
    assert "är planerad att bedöma den här deltagaren" in response.get_data(as_text=True)
    assert case.coach == world["coach"]


def test_the_user_form_refuses_the_coach_role_to_who_assesses_their_own_participant(
    client, world, case, unit, make_user
):
    assessor = make_user(Role.ASSESSOR, municipality=world.home)
    plan(case, assessor, [unit])
    became_coach(case, assessor)
    db.session.commit()
    client.login(world["admin"])
    form = {
        "name": assessor.name,
        "email": assessor.email,
        "organisation": f"m:{world.home.id}",
        "roles": ["assessor", "coach"],
        "locale": "sv",
    }
    page = client.post(f"/admin/users/{assessor.id}", data=form, follow_redirects=True)
    assert page.status_code == 200
    assert "handleder en deltagare som personen är planerad att bedöma" in page.get_data(True)
    db.session.expire_all()
    assert not assessor.has_role(Role.COACH)
