"""Bulk writing of generated rows: PostgreSQL COPY, or batched executemany elsewhere."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

BATCH = 5_000


class Progress:
    """One line per table on stderr: rows written, rows per second."""

    def __init__(self, label: str, total: int | None = None):
        self.label, self.total, self.done = label, total, 0
        self.started = time.perf_counter()

    def step(self, n: int) -> None:
        self.done += n
        of = f"/{self.total:,}" if self.total else ""
        sys.stderr.write(f"\r  {self.label:<28} {self.done:>10,}{of}")
        sys.stderr.flush()

    def finish(self) -> float:
        seconds = time.perf_counter() - self.started
        rate = self.done / seconds if seconds else 0
        sys.stderr.write(
            f"\r  {self.label:<28} {self.done:>10,} rows in {seconds:6.1f} s ({rate:,.0f}/s)\n"
        )
        return seconds


def _json_ready(value):
    return json.dumps(value) if isinstance(value, (list, dict)) else value


class BulkWriter:
    """Writes tuples into a table of the application's metadata, inside one transaction.

    On PostgreSQL the rows go through COPY on the connection's own psycopg cursor (the same
    transaction); elsewhere through SQLAlchemy Core `insert()` with executemany in batches.
    """

    def __init__(self, connection: sa.Connection, metadata: sa.MetaData):
        self.connection = connection
        self.metadata = metadata
        self.is_postgres = connection.dialect.name == "postgresql"
        self.counts: dict[str, int] = {}

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Write every row; returns how many."""
        progress = Progress(table)
        if self.is_postgres:
            self._copy(table, columns, rows, progress)
        else:
            self._insert(table, columns, rows, progress)
        progress.finish()
        self.counts[table] = self.counts.get(table, 0) + progress.done
        return progress.done

    def _defaults(self, table: str, columns: Sequence[str]) -> tuple[list[str], list]:
        """The model's Python-side defaults of the columns not given (COPY knows none)."""
        names, values = [], []
        for column in self.metadata.tables[table].c:
            default = column.default
            if column.name in columns or default is None or default.is_sequence:
                continue
            names.append(column.name)
            values.append(default.arg(None) if default.is_callable else default.arg)
        return names, values

    def _copy(self, table, columns, rows, progress) -> None:
        raw = self.connection.connection.driver_connection
        extra, values = self._defaults(table, columns)
        names = ", ".join(f'"{c}"' for c in [*columns, *extra])
        with raw.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            pending = 0
            for row in rows:
                copy.write_row([_json_ready(v) for v in row] + values)
                pending += 1
                if pending == BATCH:
                    progress.step(pending)
                    pending = 0
            progress.step(pending)

    def _insert(self, table, columns, rows, progress) -> None:
        statement = self.metadata.tables[table].insert()
        batch: list[dict] = []
        for row in rows:
            batch.append(dict(zip(columns, row, strict=True)))
            if len(batch) == BATCH:
                self.connection.execute(statement, batch)
                progress.step(len(batch))
                batch = []
        if batch:
            self.connection.execute(statement, batch)
            progress.step(len(batch))

    def reset_sequences(self) -> None:
        """Move PostgreSQL's id sequences past the ids written here (SQLite needs nothing)."""
        if not self.is_postgres:
            return
        for name in self.counts:
            table = self.metadata.tables[name]
            if "id" not in table.c or not table.c.id.autoincrement:
                continue
            highest = self.connection.execute(sa.select(sa.func.max(table.c.id))).scalar()
            self.connection.execute(
                sa.select(sa.func.setval(sa.func.pg_get_serial_sequence(name, "id"), highest or 1))
            )
