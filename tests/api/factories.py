"""API clients and their tokens, for tests of the API and of the gates."""

from __future__ import annotations

import base64

from app.api.services import register_client
from app.api.vocab import Scope
from app.extensions import db

ALL_SCOPES = [str(s) for s in Scope]


def make_client(municipality, scopes=ALL_SCOPES, name="Socialtjänstens system"):
    """A registered client of `municipality` and its secret."""
    client, secret = register_client(municipality, name, list(scopes), None)
    db.session.flush()
    return client, secret


def basic(client_id: str, secret: str) -> dict[str, str]:
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def token_for(http, client, secret, scope: str | None = None) -> str:
    """A bearer token from the token endpoint (`http`: a Flask test client or a requests
    session with a base URL), as a client's system gets one."""
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    response = http.post("/api/v1/token", data=data, headers=basic(client.client_id, secret))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
