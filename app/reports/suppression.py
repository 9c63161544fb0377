"""Which figures the regional view hides, so that none can be worked out from the others.

Plain Python. Counts of 1–4 people are hidden (primary suppression). A hidden count that is the
only hidden part of a sum shown beside it (a row's total, a column's total) could be worked out
by subtraction, so one more part of that sum is hidden as well, the smallest that is not zero,
or the sum itself when every other part is zero (secondary suppression), until no sum gives a
single hidden part away.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

Cell = tuple[Hashable, Hashable]  # (row, column)
Group = tuple[Sequence[Cell], Cell]  # parts and the cell that shows their sum


def suppressed(values: dict[Cell, int], groups: Sequence[Group], small: int) -> tuple[set, set]:
    """(primary, secondary): the cells hidden because they are small, and to protect those."""
    primary = {cell for cell, value in values.items() if 0 < value < small}
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for parts, whole in groups:
            if whole in hidden:
                continue
            if sum(1 for part in parts if part in hidden) != 1:
                continue
            others = [p for p in parts if p not in hidden and values.get(p, 0) > 0]
            extra = min(others, key=lambda p: values[p]) if others else whole
            hidden.add(extra)
            changed = True
    return primary, hidden - primary
