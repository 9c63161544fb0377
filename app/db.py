"""Declarative base, constraint naming convention and column types shared by every model."""

from __future__ import annotations

import enum
import json
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy import types
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC."""
    return utcnow().date()


class UTCDateTime(types.TypeDecorator):
    """A timezone-aware timestamp on every database.

    PostgreSQL keeps the zone itself; SQLite keeps none, so values are stored as UTC and
    given their zone back when loaded.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def enum_column(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum: VARCHAR with a CHECK constraint listing the values."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Base of every Validera model."""

    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class TimestampMixin:
    """`created_at` and `updated_at`, kept by the database session."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


SQLITE_BUSY_TIMEOUT_MS = 30_000


def configure_sqlite(engine: sa.Engine) -> None:
    """Make SQLite behave: foreign keys, SQLAlchemy owning transactions, and concurrent use.

    pysqlite starts transactions lazily by itself, which breaks SAVEPOINT; SQLAlchemy's
    documented recipe hands BEGIN back to SQLAlchemy. A file database runs in WAL mode (a
    reader outside a transaction never waits), and every connection waits up to
    `SQLITE_BUSY_TIMEOUT_MS` for the write lock. Every transaction begins IMMEDIATE, taking the
    write lock at its start: nearly every request writes (the access log), and a transaction that
    read first and wants to write after another connection committed fails at once with
    "database is locked" instead of waiting. Transactions are one request or one export step.
    """
    is_file = engine.url.database not in (None, "", ":memory:") and "mode=memory" not in str(
        engine.url
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if is_file:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# --- many rows in few statements ------------------------------------------------------------

BULK_ROWS = 5_000  # rows per statement of `insert_many` on PostgreSQL


def _json_value(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _with_defaults(table: sa.Table, row: dict) -> dict:
    """The row with the Python-side defaults of the columns it leaves out (as the ORM and Core
    would fill them in)."""
    filled = dict(row)
    for column in table.columns:
        if column.name in filled or column.default is None or column.primary_key:
            continue
        default = column.default
        filled[column.name] = default.arg(None) if default.is_callable else default.arg
    return filled


def insert_many(connection, table: sa.Table, rows: list[dict], returning=()) -> list[tuple]:
    """INSERT `rows` (dicts of column values) in few statements, answering the `returning`
    columns of each row, in no particular order.

    On PostgreSQL the rows travel as one JSON document per BULK_ROWS rows
    (INSERT ... SELECT FROM json_to_recordset): the driver then has one parameter to pass, not
    ten thousand to parse into the statement. Elsewhere Core's executemany does it (SQLite's
    driver writes many rows per statement). Python-side column defaults are filled in here.
    """
    if not rows:
        return []
    rows = [_with_defaults(table, row) for row in rows]
    if connection.dialect.name != "postgresql":
        statement = table.insert()
        if returning:
            statement = statement.returning(*(table.c[name] for name in returning))
            return [tuple(found) for found in connection.execute(statement, rows)]
        connection.execute(statement, rows)
        return []
    names = list(rows[0])
    shape = ", ".join(
        f"{name} {table.c[name].type.compile(dialect=connection.dialect)}" for name in names
    )
    listed = ", ".join(names)
    sql = f"INSERT INTO {table.name} ({listed}) SELECT {listed} "
    sql += f"FROM json_to_recordset(CAST(:rows AS json)) AS r({shape})"
    if returning:
        sql += " RETURNING " + ", ".join(returning)
    found = []
    for start in range(0, len(rows), BULK_ROWS):
        chunk = [
            {k: _json_value(v) for k, v in row.items()} for row in rows[start : start + BULK_ROWS]
        ]
        result = connection.execute(sa.text(sql), {"rows": json.dumps(chunk)})
        found += [tuple(r) for r in result] if returning else []
    return found
