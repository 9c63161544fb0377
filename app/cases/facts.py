"""What other areas tell the cases area, without the cases area importing them.

Mapping, assessments, certificates and employers provide small functions here, from the
`register(app)` of their `hooks.py`:

    def units_ready(case) -> int: ...

    def register(app):
        case_fact(app, "units_ready", units_ready)

A fact the database can answer in one scalar expression of the case's id (a count, an EXISTS)
is given as `Asked(expression)`: the workflow's facts are then read in one statement
(`facts_of`) instead of one or more per fact. The application keeps them (`app/areas.py`). A
fact nobody provides counts as absent (its default), so a precondition that depends on it
refuses the move with its reason. The same goes for `case_viewer` (who else may open a case,
e.g. the assessor assigned to it) and `timeline_source` (lines for the case's timeline, see
`TimelineSource`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app

from app.areas import registry
from app.db import UTCDateTime
from app.extensions import db

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


def _timeline(app: Flask) -> list[TimelineSource]:
    return registry(app, "timeline_sources", list)


def case_fact(app: Flask, name: str, provider: Callable[[Any], Any]) -> None:
    """Make `provider(case) -> value` the source of fact `name`; one area provides each fact."""
    if name not in KNOWN_FACTS:
        raise ValueError(f"unknown case fact {name!r}")
    facts = _facts(app)
    if name in facts:
        raise ValueError(f"case fact {name!r} provided twice")
    facts[name] = provider


@dataclass(frozen=True)
class Asked:
    """A fact the database answers: `expression(case_id)` is a scalar SQL expression (a
    correlated count or EXISTS) of a case id, a value or a column. Called like any provider,
    it reads its own value; `facts_of` reads many in one statement."""

    expression: Callable[[Any], Any]

    def __call__(self, case: Any) -> Any:
        return db.session.scalar(sa.select(self.expression(case.id)))


def fact(case: Any, name: str) -> Any:
    """The value of fact `name` for `case`, or its default when no area provides it."""
    provider = _facts(current_app).get(name)
    return provider(case) if provider is not None else KNOWN_FACTS[name]


def facts_of(case: Any, names: Iterable[str], **more: Any) -> dict[str, Any]:
    """The values of facts `names` for `case`, and of the caller's own expressions `more`
    (name=expression): every `Asked` fact and expression in one statement, the others from
    their providers (or their defaults)."""
    providers = _facts(current_app)
    values: dict[str, Any] = {}
    asked = dict(more)
    for name in names:
        provider = providers.get(name)
        if isinstance(provider, Asked):
            asked[name] = provider.expression(case.id)
        else:
            values[name] = fact(case, name)
    if asked:
        row = db.session.execute(sa.select(*(e.label(n) for n, e in asked.items()))).one()
        values.update(row._asdict())
    return values


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


# The columns of every line the timeline reads: one UNION ALL of each source's selects
# (`timeline_rows`), so that a case's whole timeline is one statement.
TEXTS = ("t1", "t2", "t3", "t4")


def timeline_rows(
    kind: str,
    *,
    at: Any = None,
    day: Any = None,
    by: Any = None,
    ref: Any = None,
    pos: Any = None,
    texts: tuple = (),
) -> list:
    """The select list of one kind of timeline line (`kind`, a short code of the source's):
    when (`at`, a timestamp, or `day`, a date), who by (`by`, an account id: the timeline adds
    the name), which object and where in it (`ref`, `pos`: the source's own order) and up to
    four texts. Columns not given are NULL."""
    given = {"at": at, "day": day, "by": by, "ref": ref, "pos": pos}
    given.update(zip(TEXTS[: len(texts)], texts, strict=True))
    shape = {
        "at": UTCDateTime(),
        "day": sa.Date(),
        "by": sa.Integer(),
        "ref": sa.Integer(),
        "pos": sa.Integer(),
        **{name: sa.Text() for name in TEXTS},
    }
    columns = [sa.literal(kind, sa.String()).label("kind")]
    for name, type_ in shape.items():
        value = given.get(name)
        # An absent column is a NULL of the column's type (PostgreSQL takes two untyped NULLs
        # for text); a value is only typed for reading back, never CAST, which on SQLite would
        # turn a timestamp's text into a number.
        if value is None:
            columns.append(sa.cast(sa.null(), type_).label(name))
        else:
            columns.append(sa.type_coerce(value, type_).label(name))
    return columns


@dataclass(frozen=True)
class TimelineSource:
    """What an area adds to a case's timeline: `rows(case, viewer)`, the selects of its lines
    (of `timeline_rows`; none for a viewer who may not see them), and `entries(rows)`, its
    lines made from those rows (in any order; it orders them itself).

    The timeline reads every source's rows in one statement; called alone, a source reads
    its own.
    """

    kinds: tuple[str, ...]
    rows: Callable[[Any, Any], list[Any]]
    entries: Callable[[list[Any]], list[TimelineEntry]]

    def __call__(self, case: Any, viewer: Any) -> list[TimelineEntry]:
        selects = self.rows(case, viewer)
        if not selects:
            return []
        return self.entries(db.session.execute(sa.union_all(*selects)).all())


def timeline_source(app: Flask, source: TimelineSource) -> None:
    """Add a source of lines for the case's timeline (see `TimelineSource`)."""
    _timeline(app).append(source)


def timeline_sources() -> list[TimelineSource]:
    """Every timeline source of the current application."""
    return list(_timeline(current_app))
