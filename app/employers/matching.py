"""Match scoring and its explanation, in plain Python (no Flask, no SQLAlchemy).

A candidate's evidence for a unit is certified, a verified decision, ready for assessment, or
nothing. Candidates are ranked by their required units first (certified counts more than a
verified decision, which counts more than ready for assessment), then by their desired units
the same way, then by distance to the workplace. A candidate who lacks an achieved required
unit is a close match, shown apart with what is missing. The query module orders rows in the
database by the same key (`RANK_ORDER`); `rank_key` is its reference.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class Evidence(enum.IntEnum):
    """How strongly a candidate shows a unit; the value is its weight in the score."""

    NONE = 0
    READY = 1  # ready for assessment, from the competence mapping
    VERIFIED = 2  # an achieved unit decision, verified by an internal verifier
    CERTIFIED = 3  # on a certificate that is not revoked


class Distance(enum.IntEnum):
    """How near the candidate lives to the workplace; nearer is better."""

    FARTHER = 0
    SAME_REGION = 1
    SAME_MUNICIPALITY = 2


ACHIEVED = (Evidence.VERIFIED, Evidence.CERTIFIED)

# The ranking, best first: each part is ordered descending. `rank_key` and the SQL follow it.
RANK_ORDER = ("required_points", "desired_points", "distance")


def distance(
    home_municipality: int | None,
    home_region: int | None,
    work_municipality: int,
    work_region: int | None,
) -> Distance:
    """The distance tier between where the candidate lives and the workplace."""
    if home_municipality is not None and home_municipality == work_municipality:
        return Distance.SAME_MUNICIPALITY
    if home_region is not None and home_region == work_region:
        return Distance.SAME_REGION
    return Distance.FARTHER


@dataclass(frozen=True)
class WantedUnit:
    """A unit a need asks for, as the explanation names it."""

    key: int
    title: str
    is_required: bool


@dataclass(frozen=True)
class Tally:
    """How many of a group of units (required or desired) a candidate shows, by evidence."""

    total: int = 0
    certified: int = 0
    verified: int = 0
    ready: int = 0

    @property
    def achieved(self) -> int:
        return self.certified + self.verified

    @property
    def points(self) -> int:
        """Certified 3, verified 2, ready for assessment 1."""
        return 3 * self.certified + 2 * self.verified + self.ready


def tally(strengths: Iterable[Evidence]) -> Tally:
    """Count a group of units by the evidence shown for each."""
    values = list(strengths)
    return Tally(
        total=len(values),
        certified=values.count(Evidence.CERTIFIED),
        verified=values.count(Evidence.VERIFIED),
        ready=values.count(Evidence.READY),
    )


@dataclass(frozen=True)
class Match:
    """One candidate against one need: the counts, what is missing, and how near."""

    required: Tally
    desired: Tally
    distance: Distance
    missing: tuple[str, ...] = ()  # required units with no evidence at all
    ready: tuple[str, ...] = ()  # required units only ready for assessment

    @property
    def is_full(self) -> bool:
        """Every required unit achieved (certified or verified)."""
        return self.required.achieved == self.required.total

    @property
    def required_points(self) -> int:
        return self.required.points

    @property
    def desired_points(self) -> int:
        return self.desired.points

    @property
    def score(self) -> tuple[int, ...]:
        """The ranking parts, in `RANK_ORDER`; higher is better."""
        return tuple(int(getattr(self, part)) for part in RANK_ORDER)


def rank_key(match: Match) -> tuple[int, ...]:
    """Sort key: full matches first, then the best score."""
    return (0 if match.is_full else 1, *(-part for part in match.score))


def match(wanted: Iterable[WantedUnit], evidence: Mapping[int, Evidence], where: Distance) -> Match:
    """Score a candidate whose evidence per unit key is `evidence` against the wanted units."""
    wanted = list(wanted)
    required = [unit for unit in wanted if unit.is_required]
    desired = [unit for unit in wanted if not unit.is_required]

    def shown(unit: WantedUnit) -> Evidence:
        return evidence.get(unit.key, Evidence.NONE)

    return Match(
        required=tally(shown(unit) for unit in required),
        desired=tally(shown(unit) for unit in desired),
        distance=where,
        missing=tuple(unit.title for unit in required if shown(unit) is Evidence.NONE),
        ready=tuple(unit.title for unit in required if shown(unit) is Evidence.READY),
    )


def rank(matches: Iterable[tuple[object, Match]]) -> list[tuple[object, Match]]:
    """Pairs of (candidate, match) ordered best first; ties keep their given order."""
    return sorted(matches, key=lambda pair: rank_key(pair[1]))
