"""How an API view goes: the scope it declares, the client it serves, what it may load, and
how it commits. The API's counterpart of `app/web.py`.

An API view is declared in this shape (under the area's `bp`, a flask-smorest Blueprint):

    @bp.route("/cases", methods=["GET"])
    @scope(Scope.CASES_READ)                  # the bearer token must hold this scope
    @bp.arguments(schemas.CasesQuery, location="query")
    @bp.response(200, schemas.CasePage)
    def cases(query): ...

`scope` checks the token (401 without a good one, 403 without the scope), sets `g.api_client`
(so the audit log names the client), applies the client's rate limit (429) and documents all of
it in the OpenAPI document; `create_app` refuses a view of the API that declares no scope.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oauth2.rfc6750.errors import InsufficientScopeError
from flask import abort, current_app, g, jsonify, request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import (
    BadRequest,
    Conflict,
    Forbidden,
    Unauthorized,
    UnprocessableEntity,
    UnsupportedMediaType,
)

from app.api import bp
from app.api.models import ApiClient, IdempotencyKey
from app.api.oauth import REALM, protector
from app.cases.services.lookup import find_participant
from app.db import today
from app.extensions import db, get_or_none, limiter
from app.frameworks.labels import problem_text
from app.frameworks.models import Framework
from app.frameworks.services import add_imported, read_import
from app.frameworks.vocab import FrameworkStatus
from app.permissions import SCOPE
from app.problems import IDEMPOTENCY
from app.refusals import Refused
from app.reports.scope import default_period
from app.web import commit, refusal_texts

T = TypeVar("T")
PER_PAGE = 100
ERRORS = ((401, "UNAUTHORIZED"), (403, "FORBIDDEN"), (429, "TOO_MANY_REQUESTS"))


def client() -> ApiClient:
    """The client whose token the request carries."""
    return g.api_client


def rate_limit() -> str:
    """API_RATE_LIMIT: per client for the API, per address for the token endpoint."""
    return current_app.config["API_RATE_LIMIT"]


def _client_key() -> str:
    return f"api-client:{g.api_client.id}"


def _refuse(exc: Exception, detail: str, headers: dict | None = None, **data):
    """Raise the HTTP error with what its problem document says."""
    exc.data = {"detail": detail, "headers": headers or {}, **data}
    raise exc


def authenticate(name: str) -> None:
    """Accept the request's bearer token if it is good and holds the scope `name`."""
    try:
        token = protector.acquire_token([name])
    except InsufficientScopeError:
        _refuse(Forbidden(), f"The token does not hold the scope {name}.")
    except OAuth2Error:
        challenge = f'Bearer realm="{REALM}"'
        if request.headers.get("Authorization"):
            challenge += ', error="invalid_token"'
        _refuse(Unauthorized(), "A valid bearer token is needed.", {"WWW-Authenticate": challenge})
    g.api_client = token.client


def scope(name: str) -> Callable[[Callable], Callable]:
    """Declare the scope an API view needs; check the token, limit the rate, document it."""

    def decorator(view: Callable) -> Callable:
        limited = limiter.limit(rate_limit, key_func=_client_key)(view)

        @wraps(view)
        def checked(*args, **kwargs):
            authenticate(name)
            if request.method == "POST" and request.mimetype != "application/json":
                _refuse(UnsupportedMediaType(), "The body must be JSON (application/json).")
            return limited(*args, **kwargs)

        checked.access = f"{SCOPE}{name}"
        documented = bp.doc(security=[{"oauth2": [str(name)]}])(checked)
        for status, response in ERRORS:
            documented = bp.alt_response(status, response=response)(documented)
        return documented

    return decorator


def token_response():
    """The token endpoint's answer (Authlib's), the token's hash committed; an OAuth error as
    a problem document that keeps the OAuth 2.0 `error` code."""
    response = commit(lambda: current_app.extensions["validera.oauth"].create_token_response())
    if response.status_code == 200:
        return response
    body = response.get_json(silent=True) or {}
    error = Unauthorized() if response.status_code == 401 else BadRequest()
    headers = {"WWW-Authenticate": 'Basic realm="validera"'} if error.code == 401 else {}
    _refuse(
        error,
        body.get("error_description") or body.get("error", ""),
        headers,
        error=body.get("error"),
    )


def find_own(model: type[T], object_id: int) -> T:
    """The object of the client's municipality the URL names; 404 for any other, as for one
    that does not exist, so that nothing about another municipality is told."""
    obj = get_or_none(model, object_id)
    if obj is None or obj.municipality_id != client().municipality_id:
        abort(404)
    return obj


def someone_with(number, municipality_id: int):
    """The municipality's participant with this personal number (a logged search), or 404."""
    found = find_participant(number, municipality_id, "api")
    if found is None:
        db.session.commit()  # the search is on record, found or not
        abort(404)
    return found


def period(date_from, date_to):
    """The statistics' period: twelve months up to today unless given; 422 when it ends before
    it starts or spans more than ten years."""
    start, end = default_period(today())
    date_from, date_to = date_from or start, date_to or max(end, date_from or end)
    if date_to < date_from or (date_to - date_from).days > 3660:
        _refuse(
            UnprocessableEntity(),
            "The period is not valid.",
            errors=[
                {"field": "query.date_to", "message": "Must be after date_from, within ten years."}
            ],
        )
    return date_from, date_to


def shared_framework(framework_id: int) -> Framework:
    """A framework version every municipality may read (not a draft), or 404."""
    found = get_or_none(Framework, framework_id)
    if found is None or found.status == FrameworkStatus.DRAFT:
        abort(404)
    return found


def framework_imported(raw: bytes) -> Framework:
    """A new draft from the exchange document in the body (committed); its problems, each at
    its place in the document, as a 422."""
    doc, problems = read_import(raw)
    if problems:
        errors = [{"field": _at(p.path), "message": problem_text(p)} for p in problems]
        _refuse(UnprocessableEntity(), "The framework cannot be imported.", errors=errors)
    return done(lambda: add_imported(doc))


def _at(path: str) -> str:
    return f"body.{path}" if path else "body"


def page_of(query: sa.Select, page: int) -> dict[str, Any]:
    """A page of `query` (PER_PAGE rows) with its numbers."""
    found = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    return {"page": page, "pages": found.pages, "total": found.total, "items": found.items}


def done(change: Callable[[], T]) -> T:
    """Commit `change()` once; a refusal is a 422 problem naming its field, a row written by a
    request at the same moment a 409."""
    try:
        return commit(change)
    except Refused as refused:
        field = f"body.{refused.field}" if refused.field else "body"
        errors = [{"field": field, "message": text} for text in refusal_texts(refused)]
        _refuse(UnprocessableEntity(), "The request was refused.", errors=errors)
    except IntegrityError:
        db.session.rollback()
        _refuse(Conflict(), "Another request changed the same thing at the same moment.")


def once(key: str | None, make: Callable[[], dict[str, Any]], status: int = 201):
    """Answer `make()` (a JSON-ready body, committed) with `status`; with an Idempotency-Key,
    the first answer to the key is given again and nothing is made twice. The same key with
    another body is refused (422)."""
    if key is None:
        return jsonify(done(make)), status
    fingerprint = hashlib.sha256(request.get_data()).hexdigest()
    found = db.session.scalar(
        sa.select(IdempotencyKey).where(
            IdempotencyKey.client_id == client().id, IdempotencyKey.key == key
        )
    )
    if found is not None:
        if found.request_hash != fingerprint:
            _idempotency_conflict()
        return jsonify(found.body), found.status

    def remembered() -> dict[str, Any]:
        body = make()
        db.session.add(
            IdempotencyKey(
                client_id=client().id, key=key, request_hash=fingerprint, status=status, body=body
            )
        )
        db.session.flush()
        return body

    return jsonify(done(remembered)), status


def _idempotency_conflict():
    detail = "This Idempotency-Key was used before with another request body."
    _refuse(UnprocessableEntity(), detail, type=IDEMPOTENCY)
