"""Backup and restore of an SQLite database with SQLite's online backup API.

The copy is consistent even while the application is serving. PostgreSQL is backed up with
pg_dump and restored with pg_restore (see the README); these functions refuse it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa


class BackupRefused(Exception):
    """The backup or restore cannot be done; the message says why."""


def sqlite_path(url: str) -> Path:
    """The database file behind an SQLite URL."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupRefused(
            "the database is not SQLite: use pg_dump and pg_restore (see the README)"
        )
    if not parsed.database or parsed.database == ":memory:":
        raise BackupRefused("an in-memory database cannot be backed up")
    return Path(parsed.database)


def _copy(source: Path, target: Path) -> int:
    """Copy one SQLite database over another, page by page; returns the number of tables."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        return dst.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]


def backup(url: str, target: Path) -> int:
    """Write a copy of the database to `target` (a new file)."""
    source = sqlite_path(url)
    if not source.is_file():
        raise BackupRefused(f"no database at {source}")
    if target.exists():
        raise BackupRefused(f"{target} exists already; choose a new file")
    return _copy(source, target)


def restore(url: str, source: Path, engine: sa.Engine) -> int:
    """Replace the database with the copy in `source`."""
    target = sqlite_path(url)
    if not source.is_file():
        raise BackupRefused(f"no backup at {source}")
    try:
        with sqlite3.connect(source) as check:
            intact = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        intact = False
    if not intact:
        raise BackupRefused(f"{source} is not an intact SQLite database")
    engine.dispose()  # no pooled connection may keep the old pages
    return _copy(source, target)
