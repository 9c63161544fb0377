"""OAuth 2.0 client credentials (Authlib): the token endpoint's server and the bearer check.

A client authenticates with its id and secret (HTTP Basic or in the form) at POST
/api/v1/token and gets a bearer token that lives API_TOKEN_SECONDS. Only the token's hash is
stored; a token stops working when it expires or its client is disabled.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator, BearerTokenValidator
from flask import Flask, current_app

from app.api.models import TOKEN_AUTH_METHODS, ApiClient, ApiToken, digest, expiry
from app.extensions import db

REALM = "validera"


class ClientCredentials(ClientCredentialsGrant):
    """Client credentials, with the secret in the Authorization header or in the form."""

    TOKEN_ENDPOINT_AUTH_METHODS = list(TOKEN_AUTH_METHODS)


def find_client(client_id: str) -> ApiClient | None:
    """The client with this id, for the token endpoint (a disabled one gets no token)."""
    if not isinstance(client_id, str) or len(client_id) > 64:
        return None
    return db.session.scalar(sa.select(ApiClient).where(ApiClient.client_id == client_id))


def store_token(token: dict, request) -> None:
    """Keep the hash of a token just given (the token endpoint's view commits)."""
    issued = ApiToken(
        client_id=request.client.id,
        token_hash=digest(token["access_token"]),
        scopes=token.get("scope") or "",
        expires_at=expiry(token["expires_in"]),
    )
    db.session.add(issued)


def _lifetime(client, grant_type) -> int:
    return current_app.config["API_TOKEN_SECONDS"]


def _new_token(*args, **kwargs) -> str:
    return secrets.token_urlsafe(32)


def authorization_server(app: Flask) -> AuthorizationServer:
    """The application's token endpoint server (one per application)."""
    server = AuthorizationServer(app, query_client=find_client, save_token=store_token)
    server.register_token_generator(
        "default", BearerTokenGenerator(_new_token, expires_generator=_lifetime)
    )
    server.register_grant(ClientCredentials)
    return server


class ClientTokenValidator(BearerTokenValidator):
    """A bearer token is good while it has not expired and its client is not disabled."""

    def authenticate_token(self, token_string: str) -> ApiToken | None:
        if not token_string or len(token_string) > 200:
            return None
        found = db.session.scalar(
            sa.select(ApiToken).where(ApiToken.token_hash == digest(token_string))
        )
        return found


protector = ResourceProtector()
protector.register_token_validator(ClientTokenValidator(realm=REALM))
