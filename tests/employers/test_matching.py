"""The scoring rules, in plain Python: no app, no database."""

from __future__ import annotations

import pytest

from app.employers.matching import (
    Distance,
    Evidence,
    Match,
    Tally,
    WantedUnit,
    distance,
    match,
    rank,
    rank_key,
)

pytestmark = pytest.mark.domain  # no app, no database

E = Evidence
WANTED = [
    WantedUnit(1, "Truck A", True),
    WantedUnit(2, "Truck B", True),
    WantedUnit(3, "Godsmottagning", True),
    WantedUnit(4, "Plock och pack", False),
    WantedUnit(5, "Arbetsmiljö", False),
]


def test_a_match_counts_each_group_by_evidence_and_names_what_is_missing():
    result = match(WANTED, {1: E.CERTIFIED, 2: E.READY, 4: E.VERIFIED}, Distance.SAME_REGION)
    assert result.required == Tally(total=3, certified=1, verified=0, ready=1)
    assert result.desired == Tally(total=2, certified=0, verified=1, ready=0)
    assert result.missing == ("Godsmottagning",)
    assert result.ready == ("Truck B",)
    assert not result.is_full
    assert result.score == (4, 2, 1)


def test_full_means_every_required_unit_achieved_certified_or_verified():
    assert match(WANTED, {1: E.CERTIFIED, 2: E.VERIFIED, 3: E.VERIFIED}, Distance.FARTHER).is_full
    assert not match(WANTED, {1: E.CERTIFIED, 2: E.VERIFIED, 3: E.READY}, Distance.FARTHER).is_full


def test_a_need_without_required_units_is_fully_met_by_anyone_shown():
    only_desired = [WantedUnit(4, "Plock och pack", False)]
    assert match(only_desired, {4: E.READY}, Distance.FARTHER).is_full


def test_required_units_outweigh_desired_units_which_outweigh_distance():
    near_but_weak = match(
        WANTED,
        {1: E.VERIFIED, 2: E.VERIFIED, 3: E.VERIFIED, 4: E.CERTIFIED, 5: E.CERTIFIED},
        Distance.SAME_MUNICIPALITY,
    )
    far_but_strong = match(WANTED, {1: E.CERTIFIED, 2: E.VERIFIED, 3: E.VERIFIED}, Distance.FARTHER)
    assert rank_key(far_but_strong) < rank_key(near_but_weak)
    same_required_more_desired = match(
        WANTED, {1: E.VERIFIED, 2: E.VERIFIED, 3: E.VERIFIED, 4: E.READY}, Distance.FARTHER
    )
    same_required_nearer = match(
        WANTED, {1: E.VERIFIED, 2: E.VERIFIED, 3: E.VERIFIED}, Distance.SAME_MUNICIPALITY
    )
    assert rank_key(same_required_more_desired) < rank_key(same_required_nearer)


def test_certified_beats_verified_beats_ready_for_assessment():
    def one(strength):
        return match(WANTED[:1], {1: strength}, Distance.FARTHER)

    keys = [rank_key(one(s)) for s in (E.CERTIFIED, E.VERIFIED, E.READY, E.NONE)]
    assert keys == sorted(keys)
    assert len(set(keys)) == 4


def test_full_matches_come_before_close_matches_whatever_their_score():
    full = match(WANTED[:1], {1: E.VERIFIED}, Distance.FARTHER)
    close = Match(
        required=Tally(total=1, ready=1),
        desired=Tally(total=4, certified=4),
        distance=Distance.SAME_MUNICIPALITY,
    )
    assert [name for name, _ in rank([("close", close), ("full", full)])] == ["full", "close"]


def test_ties_keep_the_given_order():
    same = match(WANTED, {1: E.CERTIFIED}, Distance.FARTHER)
    assert [n for n, _ in rank([("b", same), ("a", same)])] == ["b", "a"]


def test_distance_tiers():
    assert distance(7, 1, 7, 1) is Distance.SAME_MUNICIPALITY
    assert distance(8, 1, 7, 1) is Distance.SAME_REGION
    assert distance(8, None, 7, None) is Distance.FARTHER
    assert distance(8, 2, 7, 1) is Distance.FARTHER
    assert distance(None, None, 7, 1) is Distance.FARTHER
