"""Small counts are hidden, and so is whatever would let them be worked out (no app needed)."""

from __future__ import annotations

import pytest

from app.reports.suppression import suppressed

pytestmark = pytest.mark.domain  # no app, no database

ROW = [("r", "women"), ("r", "men"), ("r", "other")]
TOTAL = ("r", "total")


def _values(women, men, other):
    values = dict(zip(ROW, (women, men, other), strict=True))
    values[TOTAL] = women + men + other
    return values


def test_counts_of_one_to_four_are_hidden_zero_and_five_are_not():
    primary, secondary = suppressed(_values(0, 4, 5), [], 5)
    assert primary == {("r", "men")} and secondary == set()


def test_a_single_hidden_part_of_a_shown_sum_takes_the_smallest_other_part_with_it():
    primary, secondary = suppressed(_values(7, 2, 5), [(ROW, TOTAL)], 5)
    assert primary == {("r", "men")}
    assert secondary == {("r", "other")}  # 5 rather than 7: the smallest that is not zero


def test_the_sum_is_hidden_when_every_other_part_is_zero():
    primary, secondary = suppressed(_values(0, 3, 0), [(ROW, TOTAL)], 5)
    assert primary == {("r", "men"), TOTAL} and secondary == set()  # the total (3) is small too
    primary, secondary = suppressed({**_values(0, 3, 0), TOTAL: 3, ("x", "y"): 9}, [], 5)
    assert ("x", "y") not in primary | secondary


def test_two_hidden_parts_give_nothing_away_and_sums_protect_each_other():
    primary, secondary = suppressed(_values(6, 2, 3), [(ROW, TOTAL)], 5)
    assert secondary == set()
    column = [("r", "men"), ("s", "men")]
    values = {**_values(6, 2, 8), ("s", "men"): 9, ("t", "men"): 11}
    groups = [(ROW, TOTAL), (column, ("t", "men"))]
    primary, secondary = suppressed(values, groups, 5)
    assert primary == {("r", "men")}
    assert secondary == {("r", "women"), ("s", "men")}
