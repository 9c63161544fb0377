"""Request-wide behaviour: sessions (app/auth/sessions.py), access enforcement, security headers,
error pages."""

from __future__ import annotations

from flask import Flask, abort, current_app, g, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from app.extensions import db, login_manager
from app.labels import ROLE_LABELS
from app.permissions import enforce_declared_access, template_helpers

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
    app.after_request(security_headers)
    app.context_processor(template_context)
    app.add_template_filter(lambda role: ROLE_LABELS[role], "role_label")
    app.teardown_request(rollback_on_error)
    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, error_page)
    app.register_error_handler(CSRFError, csrf_error)


def load_session():
    """Load the session's user before anything else touches the database (not for static
    files): marking the session seen may commit, and must commit nothing else."""
    if (request.endpoint or "").rpartition(".")[2] != "static":
        current_user._get_current_object()


def security_headers(response):
    """Headers every response carries."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static" and current_user.is_authenticated:
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
    return {**template_helpers(), "current_locale": str(get_locale()), "nav_items": nav}


def rollback_on_error(exc):
    """Nothing half-done survives a failed request."""
    if exc is not None:
        db.session.rollback()


def error_page(error):
    """A friendly page for an HTTP error, in the user's language."""
    status = getattr(error, "code", 500) or 500
    if status == 500:
        db.session.rollback()
    g.error_status = status
    return render_template("errors/error.html", status=status), status


def csrf_error(error):
    """A form sent without a valid CSRF token (often an expired page)."""
    return render_template("errors/error.html", status=400, csrf=True), 400


def refuse_nul_in_query():
    """A query string with a NUL character is refused (400): no parameter has a use for one,
    and PostgreSQL refuses it in text, so a search or filter carrying it would answer 500."""
    if any("\x00" in key + value for key, value in request.args.items(multi=True)):
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
