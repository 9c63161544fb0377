"""The machine and dataset a benchmark ran on, as written next to its results."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

COUNTED = (
    "municipalities",
    "participants",
    "cases",
    "journal_entries",
    "mapping_outcomes",
    "criterion_results",
    "certificates",
    "employers",
    "competence_needs",
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _database_version(db) -> str:
    if db.engine.dialect.name == "postgresql":
        version = db.session.execute(sa.text("SHOW server_version")).scalar()
        return f"PostgreSQL {version}"
    return f"SQLite {db.session.execute(sa.text('SELECT sqlite_version()')).scalar()}"


# Written by `generate` (outside the application's tables, which it drops and creates): how
# long the dataset took to make, at what scale.
GENERATION = sa.Table(
    "bench_generation",
    sa.MetaData(),
    sa.Column("scale", sa.Float, nullable=False),
    sa.Column("seconds", sa.Float, nullable=False),
    sa.Column("finished_at", sa.String(32), nullable=False),
)


def _size_bytes(db) -> int | None:
    if db.engine.dialect.name == "postgresql":
        return db.session.execute(sa.text("SELECT pg_database_size(current_database())")).scalar()
    path = db.engine.url.database
    return Path(path).stat().st_size if path and Path(path).exists() else None


def _generation(db) -> dict | None:
    if not sa.inspect(db.engine).has_table(GENERATION.name):
        return None
    query = sa.select(GENERATION).order_by(GENERATION.c.finished_at.desc()).limit(1)
    row = db.session.execute(query).first()
    return {"scale": row.scale, "seconds": row.seconds} if row else None


def record_generation(connection: sa.Connection, scale: float, seconds: float) -> None:
    """Keep how long generating took in the benchmark database, for the results to show."""
    GENERATION.create(connection, checkfirst=True)
    connection.execute(
        GENERATION.insert().values(
            scale=scale, seconds=round(seconds), finished_at=datetime.now(UTC).isoformat()
        )
    )


def describe(db) -> dict:
    """CPU, memory, database, its size, how it was generated and the number of rows of the
    main tables."""
    rows = {
        t: db.session.execute(sa.select(sa.func.count()).select_from(sa.table(t))).scalar()
        for t in COUNTED
    }
    size, generation = _size_bytes(db), _generation(db)
    db.session.rollback()
    return {
        "database_bytes": size,
        "generation": generation,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "ram_gib": _ram_gib(),
        "python": platform.python_version(),
        "database": _database_version(db),
        "rows": rows,
    }


def summary(info: dict) -> str:
    """One paragraph for the Markdown results."""
    rows = ", ".join(f"{n:,} {t.replace('_', ' ')}" for t, n in info["rows"].items())
    made = ""
    if info.get("database_bytes"):
        made = f" Database size {info['database_bytes'] / 1024**3:.2f} GiB"
        generation = info.get("generation")
        if generation:
            made += (
                f", generated at scale {generation['scale']:g} in {generation['seconds']:,.0f} s"
            )
        made += "."
    return (
        f"Measured {info['date']} on {info['nproc']} × {info['cpu']}, {info['ram_gib']} GiB RAM, "
        f"{info['database']}, Python {info['python']}. Dataset: {rows}.{made}"
    )
