"""The token endpoint: OAuth 2.0 client credentials."""

from __future__ import annotations

from app.api import bp, schemas
from app.api.protocol import rate_limit, token_response
from app.extensions import limiter
from app.permissions import public


@bp.route("/token", methods=["POST"])
@public
@limiter.limit(rate_limit)
@bp.arguments(schemas.TokenRequest, location="form")
@bp.response(200, schemas.Token)
@bp.alt_response(400, response="BAD_REQUEST")
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def token(form):
    """A bearer token for a client, with its id and secret in the Authorization header (HTTP
    Basic) or in the form; it lives API_TOKEN_SECONDS."""
    return token_response()
