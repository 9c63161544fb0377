"""What other areas tell the cases area, without the cases area importing them.

Mapping, assessments, certificates and employers provide small functions here, from the
`register(app)` of their `hooks.py`:

    def units_ready(case) -> int: ...

    def register(app):
        case_fact(app, "units_ready", units_ready)

The application keeps them (`app/areas.py`). A fact nobody provides counts as absent (its
default), so a precondition that depends on it refuses the move with its reason. The same goes
for `case_viewer` (who else may open a case, e.g. the assessor assigned to it) and
`timeline_source` (entries for the case's timeline).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app

from app.areas import registry

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
    # the case's planned assessments, by date, that a summons may name (each with its `id`,
    # `scheduled_on`, `place` and `kind`, "practical" or "theoretical")
    "planned_assessments": (),
}

Viewer = Callable[[Any, Any], bool]


def _facts(app: Flask) -> dict[str, Callable[[Any], Any]]:
    return registry(app, "case_facts", dict)


def _viewers(app: Flask) -> list[Viewer]:
    return registry(app, "case_viewers", list)


def _timeline(app: Flask) -> list[Callable[[Any, Any], list[TimelineEntry]]]:
    return registry(app, "timeline_sources", list)


def case_fact(app: Flask, name: str, provider: Callable[[Any], Any]) -> None:
    """Make `provider(case) -> value` the source of fact `name`; one area provides each fact."""
    if name not in KNOWN_FACTS:
        raise ValueError(f"unknown case fact {name!r}")
    facts = _facts(app)
    if name in facts:
        raise ValueError(f"case fact {name!r} provided twice")
    facts[name] = provider


def fact(case: Any, name: str) -> Any:
    """The value of fact `name` for `case`, or its default when no area provides it."""
    provider = _facts(current_app).get(name)
    return provider(case) if provider is not None else KNOWN_FACTS[name]


def case_viewer(app: Flask, viewer: Viewer) -> None:
    """Let `viewer(user, case) -> bool` grant a view of a case: True grants it.

    For people outside the case's municipality staff, such as the assessor assigned to it.
    Such a viewer sees the case's stage and participant, never the journal or background.
    """
    _viewers(app).append(viewer)


def is_extra_viewer(user: Any, case: Any) -> bool:
    """True when an area granted `user` a view of `case`."""
    return any(viewer(user, case) for viewer in _viewers(current_app))


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


def timeline_source(app: Flask, source: Callable[[Any, Any], list[TimelineEntry]]) -> None:
    """Add `source(case, viewer) -> [TimelineEntry]`: what an area adds to a case's timeline."""
    _timeline(app).append(source)


def timeline_sources() -> list[Callable[[Any, Any], list[TimelineEntry]]]:
    """Every timeline source of the current application."""
    return list(_timeline(current_app))
