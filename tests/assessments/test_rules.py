"""The rules of assessment and quality assurance, in plain Python: no app, no database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.assessments import rules
from app.assessments.rules import CaseParties, Person, Proposal, Refusal
from app.assessments.vocab import DecisionOutcome, DecisionStatus, Result
from app.refusals import Refused, check

pytestmark = pytest.mark.domain  # no app, no database

ACHIEVED, NOT_YET = DecisionOutcome.ACHIEVED, DecisionOutcome.NOT_YET_ACHIEVED
HOME, OTHER, OUTSIDE, REGION = 1, 2, 3, 10


def assessor(id=7, municipality=HOME, region=REGION, roles=("assessor",), active=True):
    return Person(id, frozenset(roles), municipality, region, active)


def case(coaches=(5,)):
    return CaseParties(HOME, REGION, frozenset(coaches))


def test_the_domain_module_imports_neither_flask_nor_sqlalchemy():
    source = Path(rules.__file__).read_text()
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & {"flask", "sqlalchemy", "flask_sqlalchemy", "flask_babel"}


def test_an_independent_assessor_of_the_municipality_may_assess():
    assert rules.assessor_refusals(assessor(), case()) == []


def test_an_assessor_of_a_cooperating_municipality_may_assess():
    assert rules.assessor_refusals(assessor(municipality=OTHER), case()) == []


def test_the_participants_coach_may_not_assess_them():
    coach = assessor(id=5, roles=("assessor", "coach"))
    assert rules.assessor_refusals(coach, case(coaches=(5,))) == [Refusal.IS_COACH]


def test_a_former_coach_of_the_participant_may_not_assess_them_either():
    assert Refusal.IS_COACH in rules.assessor_refusals(assessor(id=9), case(coaches=(5, 9)))


@pytest.mark.parametrize(
    ("person", "refusal"),
    [
        (assessor(roles=("coach",)), Refusal.NOT_ASSESSOR),
        (assessor(active=False), Refusal.INACTIVE),
        (assessor(municipality=OUTSIDE, region=None), Refusal.NOT_COOPERATING),
        (assessor(municipality=None, region=None), Refusal.NOT_COOPERATING),
    ],
)
def test_who_else_may_not_assess(person, refusal):
    assert refusal in rules.assessor_refusals(person, case())


OUTCOMES = [[11, 12], [21]]


def test_a_unit_is_achieved_when_every_criterion_of_every_outcome_is_met():
    results = [(11, Result.MET), (12, Result.MET), (21, "met")]
    assert rules.propose(OUTCOMES, results) == Proposal(ACHIEVED, ())


def test_one_unmet_criterion_keeps_the_unit_not_yet_achieved():
    results = [(11, Result.MET), (12, Result.NOT_MET), (21, Result.MET)]
    assert rules.propose(OUTCOMES, results) == Proposal(NOT_YET, (12,))


def test_a_criterion_never_assessed_is_not_met():
    assert rules.propose(OUTCOMES, [(11, Result.MET), (12, Result.MET)]).unmet == (21,)


def test_results_of_every_attempt_count_together():
    first = [(11, Result.MET), (12, Result.NOT_MET), (21, Result.MET)]
    second = [(12, Result.MET)]
    assert rules.propose(OUTCOMES, first + second).outcome is ACHIEVED


def test_a_later_not_met_does_not_undo_an_earlier_met():
    results = [(11, Result.MET), (12, Result.MET), (21, Result.MET), (21, Result.NOT_MET)]
    assert rules.propose(OUTCOMES, results).outcome is ACHIEVED


def test_an_outcome_without_criteria_or_a_unit_without_outcomes_is_never_achieved():
    assert rules.propose([[11], []], [(11, Result.MET)]).outcome is NOT_YET
    assert rules.propose([], []).outcome is NOT_YET


def test_a_unit_with_one_unmet_criterion_cannot_be_decided_achieved_even_with_a_reason():
    proposal = Proposal(NOT_YET, (12,))
    assert rules.decision_refusals(proposal, ACHIEVED, "Hon kan det, jag såg det.") == [
        Refusal.UNMET_CRITERIA
    ]


def test_following_the_proposal_needs_no_justification():
    assert rules.decision_refusals(Proposal(ACHIEVED, ()), ACHIEVED, "") == []
    assert rules.decision_refusals(Proposal(NOT_YET, (1,)), NOT_YET, None) == []


def test_departing_towards_not_yet_achieved_needs_a_justification():
    proposal = Proposal(ACHIEVED, ())
    assert rules.decision_refusals(proposal, NOT_YET, "  ") == [Refusal.NO_JUSTIFICATION]
    assert rules.decision_refusals(proposal, NOT_YET, "Osäkert underlag.") == []


VERIFIER = assessor(id=8, roles=("assessor", "internal_verifier"))
AWAITING = DecisionStatus.AWAITING_VERIFICATION
NO_COACHES: frozenset[int] = frozenset()


def test_a_verifier_verifies_another_assessors_decision():
    assert rules.verification_refusals(VERIFIER, 7, AWAITING, coach_ids=NO_COACHES) == []


def test_a_verifier_never_verifies_their_own_decision():
    assert rules.verification_refusals(VERIFIER, 8, AWAITING, coach_ids=NO_COACHES) == [
        Refusal.OWN_DECISION
    ]


def test_only_internal_verifiers_verify_and_only_what_waits():
    assert Refusal.NOT_VERIFIER in rules.verification_refusals(
        assessor(id=8), 7, AWAITING, coach_ids=NO_COACHES
    )
    refused = rules.verification_refusals(
        VERIFIER, 7, DecisionStatus.VERIFIED, coach_ids=NO_COACHES
    )
    assert refused == [Refusal.NOT_AWAITING]


def test_a_verifier_never_verifies_decisions_about_a_participant_they_coach():
    coached = frozenset({8})
    refused = rules.verification_refusals(VERIFIER, 7, AWAITING, coach_ids=coached)
    assert refused == [Refusal.VERIFIER_IS_COACH]
    refused = rules.return_refusals(VERIFIER, 7, AWAITING, "Se 1.2.", coach_ids=coached)
    assert refused == [Refusal.VERIFIER_IS_COACH]


def test_an_assessor_who_has_become_the_participants_coach_may_no_longer_act():
    assert rules.acting_refusals(assessor(id=7), case(coaches=(5,))) == []
    refused = rules.acting_refusals(assessor(id=7), case(coaches=(5, 7)))
    assert refused == [Refusal.COACHES_PARTICIPANT]
    assert Refusal.NOT_ASSESSOR in rules.acting_refusals(assessor(roles=("coach",)), case())


def test_a_role_conflicts_only_where_the_person_coaches_someone_they_are_to_assess():
    assert rules.role_refusals({"coach"}, []) == []  # both roles, different participants
    assert rules.role_refusals({"coach"}, [41]) == [Refusal.ROLE_CONFLICT]
    assert rules.role_refusals({"assessor"}, [41]) == [Refusal.ROLE_CONFLICT]
    assert rules.role_refusals({"internal_verifier"}, [41]) == []
    assert rules.role_refusals(set(), [41]) == []


def test_returning_needs_a_comment():
    assert rules.return_refusals(VERIFIER, 7, AWAITING, "", coach_ids=NO_COACHES) == [
        Refusal.NO_COMMENT
    ]
    assert (
        rules.return_refusals(VERIFIER, 7, AWAITING, "Se kriterium 1.2.", coach_ids=NO_COACHES)
        == []
    )


def test_an_assessors_first_ten_cases_are_always_in_the_sample():
    assert all(rules.in_sample(0, earlier, 0.99) for earlier in range(10))
    assert not rules.in_sample(0, 10, 0.0)


@pytest.mark.parametrize(
    ("share", "draw", "taken"),
    [(100, 0.999, True), (0, 0.0, False), (30, 0.29, True), (30, 0.30, False), (150, 0.9, True)],
)
def test_the_sample_takes_the_municipalitys_share(share, draw, taken):
    assert rules.in_sample(share, 25, draw) is taken


def test_a_score_below_the_pass_mark_cannot_meet_a_criterion():
    assert rules.score_refusals(11, 14, 20, any_met=True) == [Refusal.SCORE_FAILED]
    assert rules.score_refusals(11, 14, 20, any_met=False) == []
    assert rules.score_refusals(15, 14, 20, any_met=True) == []


def test_scores_must_be_coherent():
    assert rules.score_refusals(5, None, None, False) == [Refusal.SCORE_WITHOUT_LIMIT]
    assert Refusal.SCORE_ABOVE_MAXIMUM in rules.score_refusals(25, 14, 20, False)
    assert Refusal.LIMIT_ABOVE_MAXIMUM in rules.score_refusals(None, 25, 20, False)


def test_a_practical_assessment_needs_a_result_for_every_criterion():
    assert rules.missing_results([1, 2, 3], {1: Result.MET, 2: None}) == [2, 3]


def test_only_a_verified_decision_is_corrected_once_with_a_reason():
    verified = DecisionStatus.VERIFIED
    assert rules.correction_refusals(verified, False, "Fel enhet registrerad.") == []
    assert rules.correction_refusals(verified, True, "x") == [Refusal.ALREADY_CORRECTED]
    assert rules.correction_refusals(verified, False, " ") == [Refusal.NO_REASON]
    assert rules.correction_refusals(AWAITING, False, "x") == [Refusal.NOT_VERIFIED]


def test_only_a_returned_decision_is_revised():
    assert rules.revision_refusals(DecisionStatus.RETURNED, False, "Kompletterat.") == []
    assert rules.revision_refusals(AWAITING, False, "x") == [Refusal.NOT_RETURNED]


def test_check_raises_with_every_refusal():
    with pytest.raises(Refused) as raised:
        check([Refusal.IS_COACH, Refusal.INACTIVE])
    assert raised.value.codes == (Refusal.IS_COACH, Refusal.INACTIVE)
    check([])
