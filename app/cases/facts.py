"""What other areas tell the cases area, without the cases area importing them.

Frameworks, mapping, assessments and certificates register small functions here:

    from app.cases.facts import case_fact

    @case_fact("units_ready")
    def units_ready(case) -> int: ...

A fact nobody registered counts as absent (its default), so a precondition that depends on it
refuses the move with its reason. The same goes for `case_viewer` (who else may open a case,
e.g. the assessor assigned to it) and `timeline_source` (entries for the case's timeline).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Facts the workflow reads, with the value used while no area provides them.
KNOWN_FACTS: dict[str, Any] = {
    "framework_chosen": False,  # a framework (version) is chosen for the case
    "units_ready": 0,  # units marked ready for assessment
    "verified_units": 0,  # unit decisions signed off by an internal verifier
    "certificates": 0,  # certificates issued (and not revoked) for the case
    "placements": 0,  # placements recorded for the case and not ended
    # who has assessment work pending for the case's participant (open assessments of any of
    # their cases, decisions to sign or revise): they may not become the participant's coach
    "pending_assessor_ids": frozenset(),
}

_FACTS: dict[str, Callable[[Any], Any]] = {}
_VIEWERS: list[Callable[[Any, Any], bool]] = []
_TIMELINE: list[Callable[[Any, Any], list[TimelineEntry]]] = []


def case_fact(name: str):
    """Register the decorated `(case) -> value` function as the provider of fact `name`."""
    if name not in KNOWN_FACTS:
        raise ValueError(f"unknown case fact {name!r}")

    def decorator(fn: Callable[[Any], Any]):
        _FACTS[name] = fn
        return fn

    return decorator


def fact(case: Any, name: str) -> Any:
    """The value of fact `name` for `case`, or its default when no area provides it."""
    provider = _FACTS.get(name)
    return provider(case) if provider is not None else KNOWN_FACTS[name]


def case_viewer(fn: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """Register `(user, case) -> bool`: True grants that user a view of the case.

    For people outside the case's municipality staff, such as the assessor assigned to it.
    Such a viewer sees the case's stage and participant, never the journal or background.
    """
    _VIEWERS.append(fn)
    return fn


def is_extra_viewer(user: Any, case: Any) -> bool:
    """True when an area granted `user` a view of `case`."""
    return any(viewer(user, case) for viewer in _VIEWERS)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a case's timeline."""

    at: datetime
    kind: str  # a short translated label: "Journal", "Stage", "Assessment"...
    title: str
    text: str = ""
    who: str = ""  # who did it, by name; or give `by` and the timeline names them
    all_day: bool = False  # `at` stands for a date (a journal entry's day), not a moment
    by: int | None = None  # the id of the account that did it, named by the timeline


def timeline_source(fn: Callable[[Any, Any], list[TimelineEntry]]):
    """Register `(case, viewer) -> [TimelineEntry]`: what an area adds to a case's timeline."""
    _TIMELINE.append(fn)
    return fn


def timeline_sources() -> list[Callable[[Any, Any], list[TimelineEntry]]]:
    """Every registered timeline source."""
    return list(_TIMELINE)
