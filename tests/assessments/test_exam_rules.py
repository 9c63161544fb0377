"""Theoretical tests with items, in plain Python: every small test is tried, exhaustively."""

from __future__ import annotations

import itertools

import pytest

from app.assessments import rules
from app.assessments.rules import ExamItem, Refusal
from app.assessments.vocab import Result
from app.refusals import Refused

pytestmark = pytest.mark.domain  # no app, no database

CRITERIA = (1, 2, 3)
COVERAGES = [
    frozenset(c) for n in (1, 2, 3) for c in itertools.combinations(CRITERIA, n)
]  # every non-empty set of criteria an item may cover


def item_variants():
    """Every item of one or two points: each own pass mark (or none) and each valid score."""
    for points in (1, 2):
        for pass_mark in (None, *range(points + 1)):
            for score in range(points + 1):
                yield points, pass_mark, score


def all_tests():
    """Every test of two items over three criteria, with every unit pass mark it may have."""
    variants = list(item_variants())
    for (p1, m1, s1), (p2, m2, s2) in itertools.product(variants, repeat=2):
        for c1, c2 in itertools.product(COVERAGES, repeat=2):
            items = (ExamItem(1, p1, c1, m1, s1), ExamItem(2, p2, c2, m2, s2))
            for pass_mark in range(p1 + p2 + 1):
                yield items, pass_mark


def test_every_small_test_follows_the_rule():
    """A covered criterion is met exactly when the total reaches the unit's pass mark and
    every item covering it reaches its own pass mark; an uncovered one gets no result."""
    tried = 0
    for items, pass_mark in all_tests():
        result = rules.exam_result(items, pass_mark)
        total = sum(item.score for item in items)
        assert result.total == total
        assert result.maximum == sum(item.max_points for item in items)
        assert result.passed is (total >= pass_mark)
        covered = set().union(*(item.criterion_ids for item in items))
        assert set(result.criteria) == covered
        for cid in covered:
            covering = [item for item in items if cid in item.criterion_ids]
            own_marks = all(i.pass_mark is None or i.score >= i.pass_mark for i in covering)
            expected = Result.MET if total >= pass_mark and own_marks else Result.NOT_MET
            assert result.criteria[cid] is expected, (items, pass_mark, cid)
        tried += 1
    assert tried > 50_000


def test_a_higher_score_never_takes_a_met_criterion_away():
    for items, pass_mark in all_tests():
        before = rules.exam_result(items, pass_mark)
        for n, item in enumerate(items):
            if item.score == item.max_points:
                continue
            raised = list(items)
            raised[n] = ExamItem(
                item.key, item.max_points, item.criterion_ids, item.pass_mark, item.score + 1
            )
            after = rules.exam_result(raised, pass_mark)
            for cid, result in before.criteria.items():
                if result is Result.MET:
                    assert after.criteria[cid] is Result.MET


def test_below_the_unit_pass_mark_no_criterion_is_met():
    items = [ExamItem(1, 10, frozenset({1}), None, 4), ExamItem(2, 10, frozenset({2}), 2, 10)]
    result = rules.exam_result(items, 15)
    assert not result.passed and set(result.criteria.values()) == {Result.NOT_MET}


def test_an_item_below_its_own_pass_mark_keeps_its_criteria_unmet():
    items = [
        ExamItem(1, 10, frozenset({1, 2}), 6, 5),
        ExamItem(2, 10, frozenset({2, 3}), None, 10),
    ]
    result = rules.exam_result(items, 12)
    assert result.passed and result.total == 15 and result.maximum == 20
    assert result.criteria == {1: Result.NOT_MET, 2: Result.NOT_MET, 3: Result.MET}


@pytest.mark.parametrize(
    ("points", "pass_mark", "criteria", "score", "refused"),
    [
        (5, None, {1}, None, []),
        (5, 5, {1}, None, []),
        (5, 0, {1}, 5, []),
        (0, None, {1}, None, [Refusal.NO_POINTS]),
        (-1, None, {1}, None, [Refusal.NO_POINTS]),
        (None, None, {1}, None, [Refusal.NO_POINTS]),
        (5, 6, {1}, None, [Refusal.LIMIT_ABOVE_MAXIMUM]),
        (5, -1, {1}, None, [Refusal.NEGATIVE_POINTS]),
        (5, None, set(), None, [Refusal.NO_CRITERIA]),
        (4, None, {1}, 5, [Refusal.MAXIMUM_BELOW_SCORE]),
        (0, -1, set(), None, [Refusal.NO_POINTS, Refusal.NEGATIVE_POINTS, Refusal.NO_CRITERIA]),
    ],
)
def test_an_item_is_defined_coherently(points, pass_mark, criteria, score, refused):
    assert rules.item_refusals(points, pass_mark, criteria, score) == refused


def test_every_item_definition_of_up_to_three_points():
    for points, pass_mark, score in itertools.product(
        range(-1, 4), (None, *range(-1, 5)), (None, *range(0, 5))
    ):
        refused = rules.item_refusals(points, pass_mark, [1], score)
        good_points = points >= 1 and (score is None or score <= points)
        good_mark = pass_mark is None or 0 <= pass_mark <= points
        assert (not refused) is (good_points and good_mark), (points, pass_mark, score)


def test_labels_are_unique_within_a_units_test():
    assert rules.label_refusals("2b", ["1", "2a"]) == []
    assert rules.label_refusals(" 2B ", ["1", "2b"]) == [Refusal.DUPLICATE_ITEM]


def test_every_score_of_a_three_point_item():
    for score in (None, -1, 0, 1, 2, 3, 4):
        refused = rules.item_score_refusals(score, 3)
        if score is None:
            assert refused == [Refusal.ITEM_NOT_SCORED]
        elif score < 0:
            assert refused == [Refusal.NEGATIVE_POINTS]
        elif score > 3:
            assert refused == [Refusal.SCORE_ABOVE_MAXIMUM]
        else:
            assert refused == []


def test_the_unit_pass_mark_is_required_and_within_the_total():
    items = [ExamItem(1, 3, frozenset({1}), None, 2), ExamItem(2, 4, frozenset({2}), None, 4)]
    for pass_mark in (None, -1, *range(0, 9)):
        found = rules.exam_refusals(items, pass_mark)
        if pass_mark is None:
            assert found == {None: [Refusal.NO_PASS_MARK]}
        elif pass_mark < 0:
            assert found == {None: [Refusal.NEGATIVE_POINTS]}
        elif pass_mark > 7:
            assert found == {None: [Refusal.PASS_MARK_ABOVE_TOTAL]}
        else:
            assert found == {}


def test_problems_are_told_per_item_and_nothing_is_derived_from_them():
    items = [ExamItem(1, 3, frozenset({1}), None, None), ExamItem(2, 4, frozenset({2}), None, 9)]
    found = rules.exam_refusals(items, 2)
    assert found == {1: [Refusal.ITEM_NOT_SCORED], 2: [Refusal.SCORE_ABOVE_MAXIMUM]}
    with pytest.raises(Refused) as refused:
        rules.exam_result(items, 2)
    assert set(refused.value.codes) == {Refusal.ITEM_NOT_SCORED, Refusal.SCORE_ABOVE_MAXIMUM}
