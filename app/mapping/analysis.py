"""Competence mapping in plain Python: progress and gap analysis (the answers' vocabularies are
in `vocab.py`).

A unit is *ready* for assessment when the coach judges every learning outcome ready; *partly*
when at least one outcome shows some evidence; otherwise it is a *gap*. The outcomes not yet
ready are what complementary training should cover.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.mapping.vocab import (
    ActivitySuggestion,
    GapStatus,
    Judgement,
    SelfAssessment,
)


@dataclass(frozen=True)
class OutcomeState:
    """One learning outcome of a unit with what the mapping says about it (None: not yet)."""

    outcome_id: int
    number: str
    judgement: Judgement | None = None
    self_assessment: SelfAssessment | None = None


@dataclass(frozen=True)
class UnitGap:
    """The gap analysis of one unit."""

    unit_id: int
    status: GapStatus
    ready: int
    total: int
    missing: tuple[OutcomeState, ...]
    suggestion: ActivitySuggestion | None
    suggested_hours: int


@dataclass(frozen=True)
class Progress:
    """How far the mapping has come: outcomes with a judgement / self-assessment, of all."""

    judged: int
    self_assessed: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.judged / self.total) if self.total else 0


def unit_status(outcomes: list[OutcomeState]) -> GapStatus:
    """Ready when every outcome is ready; partly when any shows evidence; else a gap."""
    judgements = [o.judgement for o in outcomes]
    if judgements and all(j == Judgement.READY for j in judgements):
        return GapStatus.READY
    if any(j in (Judgement.READY, Judgement.SOME_EVIDENCE) for j in judgements):
        return GapStatus.PARTLY
    return GapStatus.GAP


def suggest(status: GapStatus) -> ActivitySuggestion | None:
    """Some evidence: close the rest by learning at a workplace; nothing yet: take a course."""
    if status == GapStatus.READY:
        return None
    if status == GapStatus.PARTLY:
        return ActivitySuggestion.WORK_BASED_LEARNING
    return ActivitySuggestion.KOMVUX


def analyse_unit(unit_id: int, hours: int, outcomes: list[OutcomeState]) -> UnitGap:
    """The unit's status, the outcomes still missing and the training that would close them."""
    status = unit_status(outcomes)
    missing = tuple(o for o in outcomes if o.judgement != Judgement.READY)
    share = len(missing) / len(outcomes) if outcomes else 0
    return UnitGap(
        unit_id=unit_id,
        status=status,
        ready=len(outcomes) - len(missing),
        total=len(outcomes),
        missing=missing,
        suggestion=suggest(status),
        suggested_hours=math.ceil(hours * share),
    )


def progress(outcomes: list[OutcomeState]) -> Progress:
    """Counts over every outcome of the framework."""
    return Progress(
        judged=sum(o.judgement is not None for o in outcomes),
        self_assessed=sum(o.self_assessment is not None for o in outcomes),
        total=len(outcomes),
    )
