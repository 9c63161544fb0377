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


def describe(db) -> dict:
    """CPU, memory, database and the number of rows of the main tables."""
    rows = {
        t: db.session.execute(sa.select(sa.func.count()).select_from(sa.table(t))).scalar()
        for t in COUNTED
    }
    db.session.rollback()
    return {
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
    return (
        f"Measured {info['date']} on {info['nproc']} × {info['cpu']}, {info['ram_gib']} GiB RAM, "
        f"{info['database']}, Python {info['python']}. Dataset: {rows}."
    )
