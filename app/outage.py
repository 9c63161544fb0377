"""When the database cannot be reached: 503 with a clear page, and recovery by itself.

A request that finds the database gone (refusing connections, restarting, or closing the
connection under it) answers 503 Service Unavailable with `Retry-After`: a page that says
Validera is briefly unavailable and that what was sent may not be saved, or a problem document
under /api/. Never a 500: the person did nothing wrong and trying again shortly will work.

Recovery needs nothing from anyone. The pool does not test each connection before handing it out
(that would cost every request a round trip to the database); instead, the first error that shows
a connection dead marks it a disconnect (`_mark_disconnects`), and SQLAlchemy then throws away
every connection the pool held from before: the next request connects afresh. So the first
request on each worker after the database comes back may still answer 503; the ones after it
succeed.

Jobs interrupted by an outage are tried again by the queue (`app/queue.py`,
JOBS_OUTAGE_RETRY_SECONDS) until they complete.
"""

from __future__ import annotations

import logging
import sqlite3

import psycopg
import sqlalchemy as sa
from flask import Flask, current_app, render_template
from sqlalchemy import event
from werkzeug.exceptions import InternalServerError

from app.extensions import db, login_manager
from app.problems import is_api_request, problem

log = logging.getLogger(__name__)

# What a driver raises when the server is away: refusing connections, shutting down or starting
# up, or a connection closed under a statement. (psycopg's OperationalError also covers a
# statement cancelled for taking too long: a busy database, for which 503 is as right.)
DRIVER_OUTAGES = (psycopg.OperationalError, psycopg.InterfaceError)
# SQLite's word for a file another process holds locked, or one that cannot be opened.
SQLITE_OUTAGES = ("database is locked", "unable to open database")
# SQLSTATEs of a server going away or not yet there: admin_shutdown, crash_shutdown,
# cannot_connect_now. The connection is dead whatever psycopg says of it.
GONE = {"57P01", "57P02", "57P03"}


def init_app(app: Flask) -> None:
    """Answer an outage with 503 wherever it is raised, and let the pool recover from it."""
    for kind in (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError):
        app.register_error_handler(kind, _answer)
    with app.app_context():
        engine = db.engine
    if not event.contains(engine, "handle_error", _mark_disconnects):
        event.listen(engine, "handle_error", _mark_disconnects)


def is_outage(error: BaseException | None) -> bool:
    """True when `error` (or what caused it, or the error a 500 stands for) says the database
    could not be reached, rather than that a statement was wrong."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, sa.exc.DisconnectionError):
            return True
        if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, DRIVER_OUTAGES):
            return True
        if isinstance(error, sqlite3.OperationalError) and str(error).startswith(SQLITE_OUTAGES):
            return True
        if isinstance(error, InternalServerError):
            error = error.original_exception
            continue
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
    return False


def retry_after() -> int:
    """Seconds a client is asked to wait before trying again."""
    return current_app.config["OUTAGE_RETRY_AFTER"]


def unavailable():
    """The 503 answer: the page (nobody's: it must read nothing from the database) or, under
    /api/, a problem document."""
    _forget_transaction()
    login_manager._update_request_context_with_user()  # anonymous: no menu, no count to read
    headers = {"Retry-After": str(retry_after())}
    if is_api_request():
        return problem(
            503, "The service is temporarily unavailable. Try again shortly.", headers=headers
        )
    return render_template("errors/unavailable.html"), 503, headers


def _answer(error: Exception):
    """Error handler: 503 for an outage; anything else is the 500 it was."""
    if not is_outage(error):
        raise error
    log.warning("database unavailable: %s", error)
    return unavailable()


def _forget_transaction() -> None:
    """Roll back what the request began; on a dead connection that may fail too, and then the
    connection is discarded when the session is removed."""
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        log.info("rollback after an outage failed", exc_info=True)


def _mark_disconnects(context) -> None:
    """handle_error: a server shutting down, restarting or refusing the connection is a
    disconnect, so the pool drops every connection it holds from before (not only this one)."""
    original = context.original_exception
    if isinstance(original, psycopg.Error) and getattr(original, "sqlstate", None) in GONE:
        context.is_disconnect = True
