"""What the queries of the dashboard share: building tables from grouped counts."""

from __future__ import annotations

from app.cases.workflow import JOURNEY, Stage
from app.extensions import db
from app.reports import labels
from app.reports.tables import Table, count_columns

STAGE_ORDER = [*JOURNEY[:-1], Stage.PAUSED, Stage.CLOSED]


def table_for(key: str, headers: list, *, ages: bool = True, columns=None, masked=False) -> Table:
    """An empty table `key` with its title and description; counts by gender and age group."""
    _section, title, description = labels.TABLES[key]
    if columns is None:
        ages_shown = labels.AGE_COLUMNS if ages else None
        columns = count_columns(labels.GENDER_COLUMNS, ages_shown, labels.TOTAL)
    return Table(key, title, description, headers, columns, masked=masked)


def grouped_counts(query) -> list[tuple]:
    """(key tuple, gender, age group, n) from a query whose last three columns are those."""
    return [(tuple(row[:-3]), row[-3], row[-2], row[-1]) for row in db.session.execute(query)]


def enum_order(labels_by_value: dict, values) -> list[tuple[tuple, list]]:
    """Rows in the vocabulary's order, labelled for people."""
    return [((str(v),), [labels_by_value[v]]) for v in values]


def regroup(counts: list[tuple], positions: tuple[int, ...]) -> list[tuple]:
    """The same counts keyed by some of their key's parts."""
    return [(tuple(key[i] for i in positions), g, a, n) for key, g, a, n in counts]
