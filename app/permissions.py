"""The one authorization mechanism: declared route access, roles and object scope.

Every view declares who may use it with one of the decorators below; a view without a
declaration is refused (deny by default, enforced in `enforce_declared_access`). Inside a view,
`require(action, obj)` answers 403 when the user's roles never allow the action and 404 when the
object lies outside the user's scope, so that ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from app.areas import registry
from app.labels import ROLE_LABELS
from app.vocab import Role

PUBLIC = "public"
AUTHENTICATED = "authenticated"
# An API view declares the scope its bearer token must hold: "scope:cases:read".
SCOPE = "scope:"
ScopeCheck = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Rule:
    """Who may perform an action: any of `roles`, and on an object only if `scope` agrees."""

    roles: frozenset[Role]
    scope: ScopeCheck | None = None


def _rules(app: Flask) -> dict[str, Rule]:
    return registry(app, "rules", dict)


def rule(app: Flask, action: str, *roles: Role, scope: ScopeCheck | None = None) -> None:
    """Declare an action of `app`; each area declares its own in its `init_app`."""
    declared = _rules(app)
    if action in declared:
        raise ValueError(f"action {action!r} declared twice")
    declared[action] = Rule(frozenset(roles), scope)


def rules() -> dict[str, Rule]:
    """Every action the current application declares (for tests and the admin overview)."""
    return dict(_rules(current_app))


def has_any_role(user, roles) -> bool:
    """True when an authenticated, active user holds at least one of `roles`."""
    return bool(getattr(user, "is_authenticated", False)) and bool(user.roles & set(roles))


def check(user, action: str, obj: Any = None) -> int | None:
    """None when allowed; otherwise the HTTP status that refuses: 403 (role) or 404 (scope)."""
    granted = _rules(current_app)[action]
    if not has_any_role(user, granted.roles):
        return 403
    if obj is not None and granted.scope is not None and not granted.scope(user, obj):
        return 404
    return None


def can(user, action: str, obj: Any = None) -> bool:
    """True when `user` may perform `action` (on `obj`, if given). Also used in templates."""
    return check(user, action, obj) is None


def require(action: str, obj: Any = None) -> None:
    """Abort the request unless the current user may perform `action` on `obj`."""
    status = check(current_user, action, obj)
    if status is not None:
        abort(status)


def _declare(view: Callable, access: str) -> Callable:
    view.access = access
    return view


def public(view: Callable) -> Callable:
    """Anyone, also without logging in."""
    return _declare(view, PUBLIC)


def login_required(view: Callable) -> Callable:
    """Any logged-in user, whatever their roles."""
    return _declare(view, AUTHENTICATED)


def permission(action: str) -> Callable[[Callable], Callable]:
    """Only users whose roles allow `action`; the view still checks the object's scope.

    The action must be declared by the time the application is built (`verify_views`).
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            require(action)
            return view(*args, **kwargs)

        return _declare(wrapper, action)

    return decorator


def token_scopes(app: Flask, blueprint: str, *scopes: str) -> None:
    """Declare a blueprint whose views answer bearer tokens, not sessions, and the scopes its
    views may name (`scope:<name>`, e.g. with `app.api.protocol.scope`)."""
    registry(app, "token_blueprints", dict)[blueprint] = frozenset(scopes)


def _access_problem(app: Flask, endpoint: str, access: str | None) -> str | None:
    """What is wrong with the access a view declares, if anything."""
    blueprints = registry(app, "token_blueprints", dict)
    scopes = blueprints.get(endpoint.partition(".")[0]) if "." in endpoint else None
    if access is not None and access.startswith(SCOPE):
        if scopes is None or access.removeprefix(SCOPE) not in scopes:
            return f"{endpoint} ({access!r}): no such scope"
        return None
    if scopes is not None and access != PUBLIC:
        return f"{endpoint} ({access!r}): a view answering tokens must declare its scope"
    if access not in (None, PUBLIC, AUTHENTICATED) and access not in _rules(app):
        return f"{endpoint} ({access!r})"
    return None


def verify_views(app: Flask) -> None:
    """Refuse to build an application whose views name an action (or an API scope) it never
    declared, or an API view that declares no scope: a typo then fails at start-up, not at the
    first request (called once every area is registered)."""
    unknown = sorted(
        found
        for endpoint, view in app.view_functions.items()
        if (found := _access_problem(app, endpoint, getattr(view, "access", None)))
    )
    if unknown:
        raise ValueError(f"views name unknown actions: {', '.join(unknown)}")


def declared_access(endpoint: str | None) -> str | None:
    """What the view behind `endpoint` declared, or None if it declared nothing."""
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access", None)


def enforce_declared_access():
    """before_request: refuse undeclared views, send anonymous users to the login page."""
    if request.endpoint is None:
        return None  # 404/405 follow from routing
    access = declared_access(request.endpoint)
    if access is None:
        current_app.logger.error("view %s declares no access; refused", request.endpoint)
        abort(403)
    if access == PUBLIC or access.startswith(SCOPE):
        return None  # an API view checks its bearer token itself (app.api.protocol.scope)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if Role.PARTICIPANT in current_user.roles:
        # A participant's account reaches its own pages and nothing of the staff's, whatever
        # those views declare; the staff's terms of use are not theirs to accept.
        return None if participant_may_reach(request.endpoint) else abort(403)
    if current_user.terms_accepted_at is None and request.endpoint not in TERMS_EXEMPT:
        return redirect(url_for("auth.terms", next=request.full_path.rstrip("?")))
    return None


TERMS_EXEMPT = {"auth.terms", "auth.logout", "auth.language"}


def open_to_participants(app: Flask, *names: str) -> None:
    """Let participants' accounts reach these blueprints (a name without a dot) or endpoints;
    every other view that is not public answers them 403 (`enforce_declared_access`)."""
    registry(app, "participant_reach", set).update(names)


def participant_may_reach(endpoint: str) -> bool:
    """True when a participant's account may ask for the view behind `endpoint`."""
    reach = registry(current_app, "participant_reach", set)
    return endpoint in reach or endpoint.partition(".")[0] in reach and "." in endpoint


def template_helpers() -> dict[str, Any]:
    """`can(...)` and `Role` in every template, so buttons match what the server allows."""
    return {
        "can": lambda action, obj=None: can(current_user, action, obj),
        "Role": Role,
        "role_labels": ROLE_LABELS,
    }
