"""The databases of a test process: SQLite in memory by default, or PostgreSQL.

With TEST_DATABASE_URL naming a PostgreSQL database (say `test`), each xdist worker works in a
database of its own beside it (`test_gw0`, `test_gw1`, …), made when first needed; the demo data
lives in one more (`test_demo`, `test_gw0_demo`). Nothing is ever dropped here: each database is
the process's own, and the next run empties its tables. On SQLite in memory every engine is a
database of its own, so each process and the demo data are apart already.
"""

from __future__ import annotations

import os

import sqlalchemy as sa


def worker_suffix() -> str:
    """`_gw0` in xdist's first worker, nothing in a run without workers."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"_{worker}" if worker else ""


def url_of(name: str = "") -> str:
    """The URL of this process's database, or of its database called `name` (e.g. "demo")."""
    url = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    suffix = worker_suffix() + (f"_{name}" if name else "")
    parsed = sa.make_url(url)
    if not suffix or parsed.database in (None, "", ":memory:"):
        return url
    if parsed.get_backend_name() == "sqlite":
        stem, dot, extension = parsed.database.rpartition(".")
        database = f"{stem}{suffix}.{extension}" if dot else f"{parsed.database}{suffix}"
    else:
        database = f"{parsed.database}{suffix}"
    return parsed.set(database=database).render_as_string(hide_password=False)


def ensure(url: str) -> None:
    """Create the PostgreSQL database `url` names when it does not exist yet."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    server = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        server.dispose()
