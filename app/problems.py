"""RFC 9457 problem documents: how everything under /api/ answers an error (never HTML)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

PROBLEM_TYPE = "application/problem+json"
API_PREFIX = "/api/"
# The types that say more than the status; each is explained on the documentation page.
VALIDATION = "/api/v1/docs#problem-validation"
IDEMPOTENCY = "/api/v1/docs#problem-idempotency"


def is_api_request() -> bool:
    """True for a request to the API (bearer tokens, JSON, problem documents)."""
    return request.path.startswith(API_PREFIX)


def problem(
    status: int,
    detail: str | None = None,
    *,
    type_: str = "about:blank",
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """A problem document with `status`, its title, and what went wrong in `detail`."""
    body: dict[str, Any] = {"type": type_, "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    body.update(extra or {})
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages: Any, path: str = "") -> list[dict[str, str]]:
    """Marshmallow's nested messages ({"json": {"field": ["..."]}}) as a flat list, each
    naming its field with a dotted path and the place it was sent in (body, query, header)."""
    if isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        return [{"field": path, "message": message} for message in messages]
    if isinstance(messages, dict):
        found = []
        for key, value in messages.items():
            found += field_errors(value, f"{path}.{key}" if path else str(key))
        return found
    return [{"field": path, "message": str(messages)}]


def from_exception(error: HTTPException) -> Response:
    """The problem document for an HTTP error raised anywhere under /api/."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(error.get_headers()) if status != 500 else {}
    headers.pop("Content-Type", None)
    headers.update(data.get("headers") or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="validera"')
    if status == 429 and "Retry-After" not in headers:
        headers["Retry-After"] = str(_retry_after(error))
    if "messages" in data:
        errors = field_errors(_place_names(data["messages"]))
        return problem(422, "The request is not valid.", type_=VALIDATION, errors=errors)
    detail = data.get("detail") or (error.description if status != 500 else None)
    kind = data.get("type", VALIDATION if "errors" in data else "about:blank")
    extra = {"error": data["error"]} if data.get("error") else None  # OAuth 2.0's code
    return problem(
        status, detail, type_=kind, errors=data.get("errors"), headers=headers, extra=extra
    )


def _place_names(messages: dict) -> dict:
    """Webargs' places ("json", "querystring") in the words the documentation uses."""
    names = {"json": "body", "querystring": "query", "headers": "header", "view_args": "path"}
    return {names.get(key, key): value for key, value in messages.items()}


def _retry_after(error: HTTPException) -> int:
    limit = getattr(error, "limit", None)
    seconds = getattr(getattr(limit, "limit", None), "get_expiry", lambda: 60)()
    return int(seconds)
