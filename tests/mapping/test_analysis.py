"""Progress and gap analysis per unit, in plain Python."""

import pytest

from app.mapping.analysis import OutcomeState, analyse_unit, progress, unit_status
from app.mapping.vocab import ActivitySuggestion, GapStatus, Judgement, SelfAssessment

pytestmark = pytest.mark.domain  # no app, no database

R, S, N = Judgement.READY, Judgement.SOME_EVIDENCE, Judgement.NO_EVIDENCE


def states(*judgements):
    return [OutcomeState(i, str(i + 1), j) for i, j in enumerate(judgements)]


@pytest.mark.parametrize(
    ("judgements", "expected"),
    [
        ((R, R, R), GapStatus.READY),
        ((R, R, S), GapStatus.PARTLY),
        ((R, None, N), GapStatus.PARTLY),
        ((N, S), GapStatus.PARTLY),
        ((N, N), GapStatus.GAP),
        ((None, None), GapStatus.GAP),
        ((), GapStatus.GAP),
    ],
)
def test_unit_status(judgements, expected):
    assert unit_status(states(*judgements)) == expected


def test_a_partly_ready_unit_lists_what_is_missing_and_suggests_workplace_learning():
    gap = analyse_unit(7, 40, states(R, S, None, R))
    assert gap.status == GapStatus.PARTLY
    assert [s.number for s in gap.missing] == ["2", "3"]
    assert (gap.ready, gap.total) == (2, 4)
    assert gap.suggestion == ActivitySuggestion.WORK_BASED_LEARNING
    assert gap.suggested_hours == 20


def test_a_gap_suggests_a_course_for_the_whole_unit():
    gap = analyse_unit(7, 30, states(N, None, N))
    assert gap.status == GapStatus.GAP and len(gap.missing) == 3
    assert gap.suggestion == ActivitySuggestion.KOMVUX and gap.suggested_hours == 30


def test_a_ready_unit_needs_nothing():
    gap = analyse_unit(7, 30, states(R, R))
    assert gap.missing == () and gap.suggestion is None and gap.suggested_hours == 0


def test_hours_are_rounded_up():
    assert analyse_unit(1, 10, states(R, R, N)).suggested_hours == 4


def test_progress_counts_judged_and_self_assessed_outcomes():
    outcomes = [
        OutcomeState(1, "1", R, SelfAssessment.CAN_TEACH),
        OutcomeState(2, "2", None, SelfAssessment.NEVER),
        OutcomeState(3, "3", N, None),
        OutcomeState(4, "4"),
    ]
    result = progress(outcomes)
    assert (result.judged, result.self_assessed, result.total) == (2, 2, 4)
    assert result.percent == 50
    assert progress([]).percent == 0
