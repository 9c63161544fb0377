"""Which tables hold data about a participant, found by following the foreign keys.

Every table whose foreign keys lead, directly or through other tables, to `participants`
holds something about a participant: their cases, the journal, the assessments of those cases,
the certificates... The export and the anonymisation both start from this list, so a table
added later is exported at once and the tests fail until its anonymisation is decided.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

ROOT = "participants"


def personal_tables(metadata: sa.MetaData) -> list[sa.Table]:
    """The tables about participants, each after the tables it refers to."""
    found = {ROOT}
    grown = True
    while grown:
        grown = False
        for table in metadata.sorted_tables:
            if table.name not in found and any(
                fk.column.table.name in found for fk in table.foreign_keys
            ):
                found.add(table.name)
                grown = True
    return [table for table in metadata.sorted_tables if table.name in found]


def _condition(table: sa.Table, rows: dict[str, list[dict]], participant_id: int):
    if table.name == ROOT:
        return table.c.id == participant_id
    clauses = []
    for fk in table.foreign_keys:
        parent = fk.column.table.name
        if parent == table.name or parent not in rows:
            continue
        values = {row[fk.column.name] for row in rows[parent]}
        clauses.append(fk.parent.in_(sorted(values)) if values else sa.false())
    return sa.or_(*clauses)


def rows_of(session: Any, metadata: sa.MetaData, participant_id: int) -> dict[str, list[dict]]:
    """Every row about one participant, per table, as plain dictionaries."""
    rows: dict[str, list[dict]] = {}
    for table in personal_tables(metadata):
        order = list(table.primary_key.columns)
        query = sa.select(table).where(_condition(table, rows, participant_id)).order_by(*order)
        rows[table.name] = [dict(row._mapping) for row in session.execute(query)]
    return rows
