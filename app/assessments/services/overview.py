"""Where each unit of a case stands: its latest decision and what the results propose."""

from __future__ import annotations

from dataclasses import dataclass

from app.assessments.models import UnitDecision
from app.assessments.queries import case_framework, current_decisions, results_by_unit
from app.assessments.rules import Proposal
from app.assessments.services.decisions import proposal_for
from app.assessments.vocab import DecisionOutcome, DecisionStatus
from app.frameworks.models import Unit


@dataclass(frozen=True)
class UnitStanding:
    """One unit of the case's framework version and where it stands."""

    unit: Unit
    decision: UnitDecision | None
    proposal: Proposal

    @property
    def needs_training(self) -> bool:
        """True when the latest decision says the unit is not yet achieved."""
        return (
            self.decision is not None and self.decision.outcome is DecisionOutcome.NOT_YET_ACHIEVED
        )

    @property
    def is_certifiable(self) -> bool:
        """True when a verified decision says the unit is achieved."""
        d = self.decision
        return (
            d is not None
            and d.outcome is DecisionOutcome.ACHIEVED
            and d.status is DecisionStatus.VERIFIED
        )


def unit_standings(case) -> list[UnitStanding]:
    """Every unit of the case's framework version, with its latest current decision."""
    framework = case_framework(case)
    if framework is None:
        return []
    latest: dict[int, UnitDecision] = {}
    for decision in current_decisions(case.id):
        latest[decision.unit_id] = decision  # oldest first, so the last one wins
    results = results_by_unit(case.id)  # one query for every unit's results
    return [
        UnitStanding(
            unit, latest.get(unit.id), proposal_for(case.id, unit, results.get(unit.id, []))
        )
        for unit in framework.units
    ]
