"""The case workflow as plain Python: every allowed step and every refusal with its reason."""

import ast
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.cases import workflow
from app.cases.workflow import (
    NEXT,
    CaseFacts,
    Move,
    Refusal,
    Stage,
    check,
    refusals,
    suggested_stage,
    transfer_refusals,
)
from app.refusals import Refused

pytestmark = pytest.mark.domain  # no app, no database

TODAY = date(2026, 11, 22)
READY = CaseFacts(
    stage=Stage.REFERRED,
    has_registration_consent=True,
    has_employer_consent=True,
    has_municipality_consent=True,
    framework_chosen=True,
    units_ready=2,
    verified_units=1,
    certificates=1,
    placements=1,
)
CLOSE = Move(Stage.CLOSED, outcome="employed", exit_status="employed", today=TODAY)


def _move(to: Stage) -> Move:
    return Move(to, today=TODAY)


def test_the_domain_module_imports_neither_flask_nor_sqlalchemy():
    tree = ast.parse(Path(workflow.__file__).read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert not {name.split(".")[0] for name in imported} & {
        "flask",
        "sqlalchemy",
        "flask_sqlalchemy",
    }
    # of the app itself, only the plain-Python exception a refused move raises
    assert {name for name in imported if name.split(".")[0] == "app"} <= {"app.refusals"}


def test_a_case_walks_every_stage_from_referred_to_closed():
    path = [
        Stage.INTAKE,
        Stage.MAPPING,
        Stage.ASSESSMENT,
        Stage.TRAINING,
        Stage.ASSESSMENT,
        Stage.VERIFICATION,
        Stage.CERTIFIED,
        Stage.MATCHING,
        Stage.PLACED,
    ]
    facts = READY
    for stage in path:
        check(facts, _move(stage))
        facts = replace(facts, stage=stage)
    check(facts, CLOSE)


FORBIDDEN = [
    (start, to)
    for start in Stage
    if start not in (Stage.PAUSED, Stage.CLOSED)
    for to in Stage
    if to not in (*NEXT[start], Stage.PAUSED, Stage.CLOSED)
]


@pytest.mark.parametrize(("start", "to"), FORBIDDEN)
def test_every_step_outside_the_journey_is_refused(start, to):
    assert refusals(replace(READY, stage=start), _move(to)) == [Refusal.NOT_ALLOWED]


@pytest.mark.parametrize(
    ("start", "to", "missing", "reason"),
    [
        (
            Stage.INTAKE,
            Stage.MAPPING,
            {"has_registration_consent": False},
            Refusal.NO_REGISTRATION_CONSENT,
        ),
        (Stage.MAPPING, Stage.ASSESSMENT, {"framework_chosen": False}, Refusal.NO_FRAMEWORK),
        (Stage.MAPPING, Stage.ASSESSMENT, {"units_ready": 0}, Refusal.NO_UNITS_READY),
        (Stage.TRAINING, Stage.ASSESSMENT, {"units_ready": 0}, Refusal.NO_UNITS_READY),
        (Stage.VERIFICATION, Stage.CERTIFIED, {"verified_units": 0}, Refusal.NO_VERIFIED_UNITS),
        (Stage.CERTIFIED, Stage.MATCHING, {"certificates": 0}, Refusal.NO_CERTIFICATE),
        (
            Stage.CERTIFIED,
            Stage.MATCHING,
            {"has_employer_consent": False},
            Refusal.NO_EMPLOYER_CONSENT,
        ),
        (Stage.MATCHING, Stage.PLACED, {"placements": 0}, Refusal.NO_PLACEMENT),
    ],
)
def test_each_precondition_refuses_with_its_reason(start, to, missing, reason):
    facts = replace(READY, stage=start, **missing)
    with pytest.raises(Refused) as refused:
        check(facts, _move(to))
    assert refused.value.codes == (reason,)


def test_every_missing_precondition_is_named_at_once():
    facts = CaseFacts(stage=Stage.MAPPING)
    assert refusals(facts, _move(Stage.ASSESSMENT)) == [
        Refusal.NO_FRAMEWORK,
        Refusal.NO_UNITS_READY,
    ]


def test_closing_needs_an_outcome_and_the_status_at_exit():
    facts = replace(READY, stage=Stage.INTAKE)
    assert refusals(facts, _move(Stage.CLOSED)) == [Refusal.NO_OUTCOME, Refusal.NO_EXIT_STATUS]
    assert refusals(facts, replace(CLOSE, exit_status=None)) == [Refusal.NO_EXIT_STATUS]
    assert refusals(facts, CLOSE) == []


def test_a_closed_case_moves_nowhere():
    facts = replace(READY, stage=Stage.CLOSED)
    for to in Stage:
        assert refusals(facts, _move(to)) == [Refusal.CASE_CLOSED]


def test_pausing_needs_a_reason_and_a_planned_return_not_in_the_past():
    facts = replace(READY, stage=Stage.ASSESSMENT)
    assert refusals(facts, _move(Stage.PAUSED)) == [Refusal.NO_REASON, Refusal.NO_PLANNED_RETURN]
    past = Move(Stage.PAUSED, reason="Sjukskriven", planned_return=date(2026, 1, 1), today=TODAY)
    assert refusals(facts, past) == [Refusal.RETURN_IN_PAST]
    ok = Move(Stage.PAUSED, reason="Sjukskriven", planned_return=date(2027, 1, 1), today=TODAY)
    assert refusals(facts, ok) == []


def test_a_paused_case_resumes_where_it_was_paused_only():
    paused = replace(READY, stage=Stage.PAUSED, paused_from=Stage.TRAINING, units_ready=0)
    assert refusals(paused, _move(Stage.TRAINING)) == []
    assert refusals(paused, _move(Stage.ASSESSMENT)) == [Refusal.RESUME_ELSEWHERE]
    assert refusals(paused, _move(Stage.PAUSED)) == [Refusal.ALREADY_PAUSED]
    assert refusals(paused, CLOSE) == []
    assert workflow.next_stages(paused) == [Stage.TRAINING]


def test_nothing_moves_while_a_transfer_waits():
    facts = replace(READY, stage=Stage.INTAKE, transfer_pending=True)
    assert refusals(facts, _move(Stage.MAPPING)) == [Refusal.TRANSFER_PENDING]
    assert refusals(facts, CLOSE) == [Refusal.TRANSFER_PENDING]
    assert workflow.next_stages(facts) == []


def test_transfer_needs_consent_the_same_region_and_another_municipality():
    facts = replace(READY, stage=Stage.MAPPING, has_municipality_consent=False)
    assert transfer_refusals(facts, same_municipality=False, same_region=False) == [
        Refusal.NO_MUNICIPALITY_CONSENT,
        Refusal.NOT_IN_REGION,
    ]
    assert transfer_refusals(READY, same_municipality=True, same_region=True) == [
        Refusal.SAME_MUNICIPALITY
    ]
    assert transfer_refusals(READY, same_municipality=False, same_region=True) == []
    busy = replace(READY, other_open_cases=1)
    assert transfer_refusals(busy, same_municipality=False, same_region=True) == [
        Refusal.OTHER_OPEN_CASE
    ]
    closed = replace(READY, stage=Stage.CLOSED)
    assert transfer_refusals(closed, same_municipality=False, same_region=True) == [
        Refusal.CASE_CLOSED
    ]


def test_nobody_becomes_the_coach_of_a_participant_they_have_assessment_work_for():
    assert workflow.coach_refusals(7, frozenset()) == []
    assert workflow.coach_refusals(7, frozenset({5})) == []
    assert workflow.coach_refusals(7, frozenset({5, 7})) == [Refusal.COACH_ASSESSES]


def test_an_issued_certificate_points_the_case_out_of_quality_assurance():
    issued = replace(READY, stage=Stage.VERIFICATION, verified_units=1, certificates=1)
    assert suggested_stage(issued) is Stage.CERTIFIED
    assert suggested_stage(replace(issued, certificates=0)) is None  # the coach chooses
    assert suggested_stage(replace(issued, transfer_pending=True)) is None  # not allowed now
    assert suggested_stage(replace(issued, stage=Stage.ASSESSMENT)) is None
