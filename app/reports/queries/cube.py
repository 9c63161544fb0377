"""The regional view as one cube: every table for the region and for each of its municipalities,
suppressed together, and each view of it (the region, or one municipality chosen in the filter)
answered from that one cube.

A regional reader can fetch the region's table and each municipality's. Were each hidden on its
own, a "<5" of one municipality could be worked out as the region's figure minus the other
municipalities' figures. So the municipality is treated as one more dimension of every table:
a cell of the region is the sum of that cell in each municipality, and the suppression
(`app.reports.suppression`) sees those sums beside the sums each table shows (row totals, the
total row), in every view at once. Whichever view is asked for, the same cells are hidden.

One query per table family serves every municipality (it groups by the municipality too); the
region's tables are the sum of those rows where the figures add up, and come from their own
query where they do not (people counted once across municipalities; medians).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import sqlalchemy as sa

from app.reports.queries.common import Shape, execute, shape_of
from app.reports.scope import SMALL_CELL, Filters, Scope
from app.reports.suppression import suppressed
from app.reports.tables import Table

Tables = dict[str, Table]
REGION = None  # the view key of the region's tables


@dataclass(frozen=True)
class Builder:
    """One query of the dashboard and the tables it makes from its rows."""

    keys: tuple[str, ...]
    query: Callable[[Shape], sa.Select]
    make: Callable[[Sequence[tuple], Scope, Filters], Tables]
    # The region's figures are the sum of its municipalities' (false: they need their own query).
    additive: bool = True

    def __call__(self, scope: Scope, filters: Filters) -> Tables:
        """The tables for the scope and filters; a regional scope's from its suppressed cube."""
        chosen = filters.municipality_id
        several = scope.regional and len(scope.municipality_ids) > 1
        if several and (chosen is None or chosen in scope.municipality_ids):
            return self.cube(scope, filters)[chosen]
        return self.make(self.rows(scope, filters), scope, filters)

    def rows(self, scope: Scope, filters: Filters, *, split: bool = False) -> list[tuple]:
        """The query's rows for the scope and filters (split: each led by its municipality)."""
        query = self.query(shape_of(filters, split=split))
        return [tuple(row) for row in execute(query, scope, filters)]

    def cube(self, scope: Scope, filters: Filters) -> dict[int | None, Tables]:
        """The tables of the region and of each municipality, with their hidden cells chosen
        together."""
        whole = replace(filters, municipality_id=None)
        by_municipality: dict[int, list[tuple]] = defaultdict(list)
        for municipality_id, *rest in self.rows(scope, whole, split=True):
            by_municipality[municipality_id].append(tuple(rest))
        views = {m: self.make(by_municipality[m], scope, whole) for m in scope.municipality_ids}
        if self.additive:
            every = [row for m in scope.municipality_ids for row in by_municipality[m]]
        else:
            every = self.rows(scope, whole)
        views[REGION] = self.make(every, scope, whole)
        protect(views)
        return views


def protect(views: Mapping[int | None, Tables]) -> None:
    """Choose the hidden cells of each table in every view at once (see the module's text)."""
    for key, region in views[REGION].items():
        if region.follows is not None:
            continue  # hidden where the table it follows is
        tables = {view: tables[key] for view, tables in views.items()}
        values, groups = {}, []
        for view, table in tables.items():
            cells, sums = table.cells()
            values.update({(view, cell): n for cell, n in cells.items()})
            groups += [([(view, p) for p in parts], (view, whole)) for parts, whole in sums]
        groups += _across_municipalities(tables)
        primary, secondary = suppressed(values, groups, SMALL_CELL)
        for view, table in tables.items():
            table.protect(
                {cell for place, cell in primary if place == view},
                {cell for place, cell in secondary if place == view},
            )


def _across_municipalities(tables: Mapping[int | None, Table]) -> list:
    """Each cell of the region's table as the sum of the same cell in each municipality's."""
    rows = {view: table.row_keys() for view, table in tables.items()}
    counts = [c.key for c in tables[REGION].columns if c.kind == "count"]
    groups = []
    for label, n in rows[REGION].items():
        having = [
            (view, found[label])
            for view, found in rows.items()
            if view is not REGION and label in found
        ]
        for key in counts:
            groups.append(([(view, (m, key)) for view, m in having], (REGION, (n, key))))
    return groups
