"""Small tools several test modules share."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa

from app.extensions import db


@contextmanager
def count_queries():
    """Collect the SQL statements sent inside the block: `with count_queries() as sent:`."""
    sent: list[str] = []

    def count(conn, cursor, statement, *args):
        sent.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
