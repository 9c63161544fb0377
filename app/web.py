"""How a request goes through Validera: request-wide behaviour (sessions, access enforcement,
security headers, error pages) and the protocol every view follows.

A view that changes state, in four steps (see DEVELOPING.md, "A view that changes state"):

1. **load**: `load(Model, id, action)` finds the object the URL names and applies `require()`:
   404 when there is none, when the id is one no column can hold, or when it lies outside the
   user's scope; 403 when the user's roles never allow the action.
2. **check**: the form validates (the words at the field).
3. **process**: one service call (`app/<area>/services`), which flushes, records to the audit
   log, and raises `Refused(code, **params)` when a rule says no. Services never commit.
4. **commit**: `save(change, success, to, form=...)` commits once, flashes the success text and
   redirects; on `Refused` (or a concurrent edit) it rolls back and shows the area's words for
   each code at the form's field or at the top, and the view shows its page again.

A view that shows personal data logs the read with `seen(...)` / `seen_many(...)`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
)
from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app.audit import read_lines, write_lines
from app.db import today
from app.extensions import db, get_or_none, login_manager
from app.labels import REFUSALS, ROLE_LABELS
from app.outage import is_outage, unavailable
from app.permissions import can, enforce_declared_access, require, template_helpers
from app.problems import from_exception, is_api_request
from app.refusals import Refused

__all__ = ["Refused", "load", "me", "page_number", "refusal_words", "save", "seen", "seen_many"]

T = TypeVar("T")

MAX_PAGE = 10_000

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def me():
    """The logged-in user itself, not its proxy, to store in relationships and pass to services."""
    return current_user._get_current_object()


def init_app(app: Flask) -> None:
    """Wire the hooks, loaders and error handlers into the app."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    from app.auth import sessions

    sessions.init_app(app)
    login_manager.user_loader(sessions.load_user)
    app.before_request(load_session)
    app.before_request(enforce_declared_access)
    app.before_request(refuse_nul_in_query)
    app.before_request(refuse_json_that_is_no_form)
    app.after_request(security_headers)
    app.after_request(write_reads)
    app.context_processor(template_context)
    app.add_template_filter(lambda role: ROLE_LABELS[role], "role_label")
    app.teardown_request(rollback_on_error)
    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, error_page)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(CSRFError, csrf_error)
    refusal_words(app, REFUSALS)


def load_session():
    """Load the session's user before anything else touches the database (not for static
    files): marking the session seen may commit, and must commit nothing else. A request to
    the API is nobody's, whatever cookie it carries: only its bearer token counts."""
    if is_api_request():
        login_manager._update_request_context_with_user()  # the anonymous user
    elif (request.endpoint or "").rpartition(".")[2] != "static":
        current_user._get_current_object()


def security_headers(response):
    """Headers every response carries."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static" and (current_user.is_authenticated or is_api_request()):
        response.headers.setdefault("Cache-Control", "no-store")
    if not current_app.debug and (request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]):
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    return response


def template_context() -> dict:
    """Values every template may use."""
    from app.main.home import nav_for

    nav = nav_for(current_user, request.endpoint) if current_user.is_authenticated else []
    return {
        **template_helpers(),
        "current_locale": str(get_locale()),
        "nav_items": nav,
        "printed_on": today,  # the date a printed page carries
    }


def rollback_on_error(exc):
    """Nothing half-done survives a failed request."""
    if exc is not None:
        db.session.rollback()


def error_page(error):
    """A friendly page for an HTTP error, in the user's language (a problem document under
    /api/)."""
    status = getattr(error, "code", 500) or 500
    if status == 500 and is_outage(error):  # e.g. the audit's commit after the view
        return unavailable()
    if status == 500:
        db.session.rollback()
    if is_api_request():
        return from_exception(error)
    g.error_status = status
    return render_template("errors/error.html", status=status), status


def http_error(error: HTTPException):
    """Any other HTTP error (401, 409, 415, 422, ...): a problem document under /api/, else
    Werkzeug's own answer."""
    return from_exception(error) if is_api_request() else error


def csrf_error(error):
    """A form sent without a valid CSRF token (often an expired page)."""
    return render_template("errors/error.html", status=400, csrf=True), 400


def refuse_nul_in_query():
    """A query string with a NUL character is refused (400): no parameter has a use for one,
    and PostgreSQL refuses it in text, so a search or filter carrying it would answer 500."""
    if any("\x00" in key + value for key, value in request.args.items(multi=True)):
        abort(400)


def refuse_json_that_is_no_form():
    """A JSON body is read as a form's fields (Flask-WTF), so it must be an object; one that is
    a list, a number or a text, or nested too deeply to read, is refused (400) instead of failing
    in the form."""
    if request.method not in ("POST", "PUT", "PATCH") or not request.is_json:
        return
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        abort(400)
    if body is not None and not isinstance(body, dict):
        abort(400)


def page_number(name: str = "page", args=None) -> int:
    """The page asked for in the query string parameter `name` (of `args`, else the request's);
    anything but a sensible page number is the first page, and no page is past MAX_PAGE."""
    value = (request.args if args is None else args).get(name, "1")
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        return 1
    if len(value) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return min(max(int(value), 1), MAX_PAGE)


# --- the protocol of a view ------------------------------------------------------------------


def load(
    model: type[T],
    object_id: int,
    action: str,
    *,
    visible: str | None = None,
    of: Callable[[T], Any] | None = None,
    options: Iterable[Any] = (),
) -> T:
    """The object the URL names, checked for `action` (on `of(obj)` when given, e.g. the
    framework a unit belongs to).

    404 when there is none, when no integer column can hold the id, or when the object lies
    outside the user's scope; 403 when the user's roles never allow `action`. With `visible`,
    someone who may see the object (`visible`) but not do `action` to it gets 403, and only
    those who may not see it get 404. `options` (loader options) load what the page shows of
    the object in the same query.
    """
    obj = get_or_none(model, object_id, options)
    if obj is None:
        abort(404)
    target = of(obj) if of is not None else obj
    if visible is None:
        require(action, target)
    elif not can(current_user, visible, target):
        abort(404)
    elif not can(current_user, action, target):
        abort(403)
    return obj


def refusal_words(app: Flask, words: Mapping[str, Any]) -> None:
    """Add an area's words for its refusal codes (its `labels.REFUSALS`); called by its init_app.

    A word is a (lazy) text, formatted with the refusal's params, or a function of the params
    that answers a text or a list of texts. A code worded twice differently is a mistake.
    """
    table = app.extensions.setdefault("validera.refusals", {})
    for code, word in words.items():
        if table.get(_key(code), word) is not word:
            raise ValueError(f"refusal code {code!r} is worded by two areas")
        table[_key(code)] = word


def _key(code: Any) -> Any:
    """Codes that are members of an area's enum are its own (`cases` and `assessments` may
    both say "case_closed"); plain strings are shared by every area."""
    return (type(code), code.value) if isinstance(code, enum.Enum) else code


def _is_function(value: Any) -> bool:
    """A function to call, not a (lazy) text."""
    return callable(value) and not isinstance(value, str | LazyString)


def refusal_texts(refused: Refused) -> list[str]:
    """What the user reads for each reason of `refused`, in their language."""
    table = current_app.extensions["validera.refusals"]
    texts: list[str] = []
    for code in refused.codes:
        word = table[_key(code)]
        if _is_function(word):
            said = word(**refused.params)
            texts.extend([str(t) for t in said] if isinstance(said, list | tuple) else [str(said)])
        else:
            texts.append(str(word) % refused.params if refused.params else str(word))
    return texts


def show_refused(refused: Refused, form=None) -> None:
    """The reasons at `form`'s field named by the refusal, else at the top of the page."""
    texts = refusal_texts(refused)
    field = form[refused.field] if form is not None and refused.field in form else None
    if field is not None:
        field.errors = [*field.errors, *texts]
        return
    for text in texts:
        flash(text, "error")


def commit(change: Callable[[], T]) -> T:
    """Run `change()` (one service call) and commit once; answer what it returned.

    Refused, or someone else saving the same row first, rolls everything back and raises
    Refused (the latter as "edit_conflict"). Most views call `save`, which builds on this.
    """
    write_reads()
    try:
        result = change()
        db.session.commit()
    except Refused:
        db.session.rollback()
        raise
    except StaleDataError as exc:
        db.session.rollback()
        raise Refused("edit_conflict") from exc
    return result


def save(
    change: Callable[[], T],
    success: str | Callable[[T], str] | None,
    to: str | Callable[[T], str],
    *,
    form=None,
    back: str | None = None,
) -> Response | None:
    """The end of a view that changes state: `commit(change)`, flash `success` (a text or a
    function of what `change` returned), redirect to `to` (a URL, or a function of it).

    When refused: the reasons at `form`'s fields and None, so that the view shows its page
    again with the form as sent; without a form, the reasons at the top and a redirect to
    `back` (default `to`).
    """
    try:
        result = commit(change)
    except Refused as refused:
        show_refused(refused, form)
        if form is not None:
            return None
        target = back if back is not None else to
        if callable(target):
            raise TypeError("save() without a form needs `back` when `to` is a function") from None
        return redirect(target)
    text = success(result) if _is_function(success) else success
    url = to(result) if callable(to) else to
    return redirect(flash_at(str(text), url) if text else url)


def flash_at(text: str, url: str) -> str:
    """Flash a success text where the person will be: for a URL to a place on a page
    (`...#u9`) the message is shown at that place (a template that has such places sets
    `places_flashes` and calls the `placed_flash` macro there; elsewhere it stands at the top)
    and the URL lands on the message itself (`#done-u9`). Answers the URL to redirect to."""
    path, _sep, anchor = url.partition("#")
    if not anchor:
        flash(text, "success")
        return url
    flash(text, f"success {anchor}")
    return f"{path}#done-{anchor}"


READS = "validera_reads"  # in `g`: the audit lines of the reads this request has shown


def seen(
    action: str, obj: Any = None, *, participant_id: int | None = None, details: dict | None = None
) -> None:
    """Log a read of personal data: one line in the audit log, written in the request's own
    transaction and committed before its answer leaves (`write_reads`), so that no page
    showing personal data goes out without its line on record."""
    _shown(read_lines(action, obj, [participant_id], details=details))


def seen_many(
    action: str, obj: Any, participant_ids: Iterable[int], *, details: dict | None = None
) -> None:
    """Log that a list page showed these participants (one line each), as `seen` does."""
    _shown(read_lines(action, obj, dict.fromkeys(participant_ids), details=details))


def _shown(lines: list[dict]) -> None:
    if not has_request_context():
        write_lines(lines)
        db.session.commit()
        return
    g.setdefault(READS, []).extend(lines)


def write_reads(response: Response | None = None) -> Response | None:
    """after_request: the request's reads, all in one INSERT, committed with what else the
    request did, before the answer goes out; a failing commit fails the answer (500). Also
    called by `commit` before a change, which a refusal would roll back with the reads."""
    lines = g.pop(READS, None)
    if lines is not None and (response is None or response.status_code < 500):
        write_lines(lines)
        db.session.commit()  # with the lines `record` added for the page (a search's)
    return response
