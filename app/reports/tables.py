"""The tables of the dashboard: built from rows the database already aggregated.

Plain Python. A count table is pivoted from `(row key, gender, age group, count)` rows that a
GROUP BY returned: each cell is a sum of such counts, never a count of loaded cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.reports.scope import SMALL_CELL
from app.reports.suppression import suppressed

GENDERS = ("woman", "man", "non_binary", "not_stated")
AGE_GROUPS = ("under_18", "18_29", "30_54", "55_plus", "unknown")
TOTAL = "total"
MASK = "<5"
HIDDEN = "–"


@dataclass(frozen=True)
class Column:
    """A value column. `basis` names the count a derived value (median, rate) rests on."""

    key: str
    label: Any
    kind: str = "count"  # count | sum | days | percent
    basis: str | None = None


@dataclass
class Row:
    """One line of a table: its labels (one per row header) and its values by column key."""

    labels: list[Any]
    values: dict[str, Any]
    is_total: bool = False


@dataclass
class Table:
    """A titled table with a text description, as shown, exported and charted."""

    key: str
    title: Any
    description: Any
    row_headers: list[Any]
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    masked: bool = False
    # A table of sums over the same rows as a table of counts (credits over units achieved)
    # hides the sums where that table hides the counts, so no sum gives a hidden count away.
    follows: Table | None = field(default=None, repr=False, compare=False)
    _hidden: tuple[set, set] | None = field(default=None, repr=False, compare=False)
    _places: dict[int, int] | None = field(default=None, repr=False, compare=False)

    def hidden(self) -> tuple[set, set]:
        """(primary, secondary) hidden cells as (row number, column key), once rows are final:
        the table's own unless `protect` set them for the views of a regional cube."""
        if self.follows is not None:
            return self.follows.hidden()
        if self._hidden is None:
            self._hidden = suppressed(*self.cells(), SMALL_CELL)
        return self._hidden

    def protect(self, primary: set, secondary: set) -> None:
        """Hide these cells, chosen with the other views of the same figures."""
        self._hidden = (primary, secondary)

    def cells(self) -> tuple[dict, list]:
        """The counts by (row number, column key), and the sums the table shows of them."""
        counts = [c.key for c in self.columns if c.kind == "count"]
        values = {
            (n, key): int(row.values.get(key) or 0)
            for n, row in enumerate(self.rows)
            for key in counts
        }
        return values, self._groups(counts)

    def row_keys(self) -> dict[tuple, int]:
        """Each row's number by its labels as text: the same row in every view of a table."""
        return {
            (row.is_total, *(str(label) for label in row.labels)): n
            for n, row in enumerate(self.rows)
        }

    def _place(self, row: Row) -> int:
        """The row's number, found by identity: comparing rows would compare their labels,
        each a translation looked up again, for every cell of a masked table."""
        if self._places is None:
            self._places = {id(r): n for n, r in enumerate(self.rows)}
        return self._places[id(row)]

    def _hides_in_row(self, row: Row) -> bool:
        primary, secondary = self.hidden()
        n = self._place(row)
        return any((n, c.key) in primary or (n, c.key) in secondary for c in self.columns)

    def _groups(self, counts: list[str]) -> list:
        """Each sum the table shows beside its parts: row totals and the total row."""
        groups = []
        if TOTAL in counts:
            for n in range(len(self.rows)):
                for parts in (GENDERS, AGE_GROUPS):
                    keys = [k for k in parts if k in counts]
                    if keys:
                        groups.append(([(n, k) for k in keys], (n, TOTAL)))
        totals = [n for n, row in enumerate(self.rows) if row.is_total]
        if totals:
            data = [n for n, row in enumerate(self.rows) if not row.is_total]
            groups += [([(n, key) for n in data], (totals[0], key)) for key in counts]
        return groups

    def value(self, row: Row, column: Column) -> Any:
        """The figure as exported: a number, or "<5"/"–" where the regional view hides it."""
        raw = row.values.get(column.key)
        if self.masked:
            primary, secondary = self.hidden()
            place = (self._place(row), column.key)
            if column.kind == "count":
                if place in primary:
                    return MASK
                if place in secondary:
                    return HIDDEN
            if column.kind == "sum" and (place in primary or place in secondary):
                return HIDDEN
            if column.basis is not None and (row.values.get(column.basis) or 0) < SMALL_CELL:
                return HIDDEN if raw else raw
            if column.kind == "percent" and raw is not None and self._hides_in_row(row):
                return HIDDEN  # a rate and the counts beside it would give the hidden one
        if raw is None:
            return None
        if column.kind == "days":
            return round(float(raw), 1)
        if column.kind == "percent":
            return round(float(raw), 1)
        return int(raw)

    def cell(self, row: Row, column: Column) -> str:
        """The figure as shown on the page."""
        value = self.value(row, column)
        if value is None:
            return HIDDEN
        if isinstance(value, float):
            return f"{value:.1f}".replace(".", ",")
        return str(value)

    def cell_rows(self) -> list[tuple[Row, list[str]]]:
        """Each row with its cells as shown, in column order (one pass for the page)."""
        return [(row, [self.cell(row, column) for column in self.columns]) for row in self.rows]

    def total(self, key: str = TOTAL) -> int:
        """The table's total in column `key` (from its total row), unmasked."""
        for row in self.rows:
            if row.is_total:
                return int(row.values.get(key) or 0)
        return sum(int(row.values.get(key) or 0) for row in self.rows)

    def data_rows(self) -> list[Row]:
        """The rows without the total row."""
        return [row for row in self.rows if not row.is_total]


class LabelTexts:
    """Labels as text, each translation looked up once per page: the same lazy label heads
    the gender and age columns of every table, and looking it up again for each one cost
    more than the rest of the page's tables."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[Any, str]] = {}

    def __call__(self, label: Any) -> str:
        found = self._seen.get(id(label))
        if found is None:  # the label is kept with its text, so that its id stays its own
            found = self._seen[id(label)] = (label, str(label))
        return found[1]


def count_columns(gender_labels: dict, age_labels: dict | None, total_label: Any) -> list[Column]:
    """Women, men, non-binary, not stated, total; then each age group when asked for."""
    columns = [Column(g, gender_labels[g]) for g in GENDERS] + [Column(TOTAL, total_label)]
    if age_labels is not None:
        columns += [Column(a, age_labels[a]) for a in AGE_GROUPS]
    return columns


def pivot_counts(
    aggregated: Iterable[tuple[tuple, str | None, str | None, int]],
    order: Sequence[tuple[tuple, list[Any]]],
    *,
    keep_empty: bool = True,
    total_label: Any = None,
    width: int = 1,
) -> list[Row]:
    """Rows of counts by gender, total and age group, in `order` (key, labels).

    `aggregated` holds (row key, gender, age group, count) from a GROUP BY. Keys not in `order`
    are appended in the order they come. A total row ends the table when `total_label` is given.
    """
    sums: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seen: list[tuple] = []
    for key, gender, age, n in aggregated:
        if key not in sums:
            seen.append(key)
        cell = sums[key]
        cell[gender or "not_stated"] += n
        cell[age or "unknown"] += n
        cell[TOTAL] += n
    labelled = list(order) + [(k, list(k)) for k in seen if k not in dict(order)]
    rows = [
        Row(labels, dict(sums.get(key, {})))
        for key, labels in labelled
        if keep_empty or key in sums
    ]
    for row in rows:
        for name in (*GENDERS, *AGE_GROUPS, TOTAL):
            row.values.setdefault(name, 0)
    if total_label is not None:
        names = (*GENDERS, *AGE_GROUPS, TOTAL)
        totals = {name: sum(row.values[name] for row in rows) for name in names}
        rows.append(Row([total_label] + [""] * (width - 1), totals, is_total=True))
    return rows
