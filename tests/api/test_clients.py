"""The administrator's pages for API clients, and the command line."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.api.models import ApiClient, digest
from app.api.services import register_client
from app.extensions import db
from tests.api.factories import basic, bearer, token_for


def _secret_on(page: str) -> str:
    return re.search(r'<code class="secret">([^<]+)</code>', page).group(1)


def test_an_admin_registers_a_client_and_sees_its_secret_once(client, world):
    client.login(world["admin"])
    page = client.post(
        "/admin/api-clients/new", data={"name": "Socialtjänsten", "scopes": ["cases:read"]}
    )
    assert page.status_code == 200
    secret = _secret_on(page.get_data(as_text=True))
    made = db.session.scalar(sa.select(ApiClient).where(ApiClient.name == "Socialtjänsten"))
    assert made.municipality_id == world.home.id and made.scopes == "cases:read"
    assert made.secret_hash == digest(secret) and secret not in made.secret_hash
    shown = client.get(f"/admin/api-clients/{made.id}").get_data(as_text=True)
    assert secret not in shown and made.client_id in shown
    assert token_for(client, made, secret)


def test_a_client_needs_a_scope_and_a_name(client, world):
    client.login(world["admin"])
    page = client.post("/admin/api-clients/new", data={"name": ""}).get_data(as_text=True)
    assert "Choose at least one scope." in page or "Välj minst en behörighet." in page
    assert db.session.scalar(sa.select(sa.func.count(ApiClient.id))) == 0


def test_disable_enable_and_a_new_secret(client, world):
    made, secret = register_client(world.home, "System", ["cases:read"], None)
    token = token_for(client, made, secret)
    client.login(world["admin"])
    assert client.post(f"/admin/api-clients/{made.id}/disable").status_code == 302
    assert client.get("/api/v1/cases", headers=bearer(token)).status_code == 401
    form = {"grant_type": "client_credentials"}
    assert (
        client.post("/api/v1/token", data=form, headers=basic(made.client_id, secret)).status_code
        == 401
    )
    client.post(f"/admin/api-clients/{made.id}/enable")
    assert client.get("/api/v1/cases", headers=bearer(token)).status_code == 200
    renewed = _secret_on(client.post(f"/admin/api-clients/{made.id}/secret").get_data(as_text=True))
    assert client.get("/api/v1/cases", headers=bearer(token)).status_code == 401
    assert token_for(client, made, renewed)


def test_another_municipalitys_client_is_404_and_coaches_get_403(client, world):
    theirs, _secret = register_client(world.other, "Their system", ["cases:read"], None)
    client.login(world["admin"])
    assert client.get(f"/admin/api-clients/{theirs.id}").status_code == 404
    client.login(world["coach"])
    assert client.get("/admin/api-clients/").status_code == 403


def test_the_command_line_prints_the_id_and_secret(app, world):
    result = app.test_cli_runner().invoke(
        args=[
            "api-client",
            "create",
            "--municipality",
            "9001",
            "--name",
            "Skript",
            "--scopes",
            "cases:read,statistics:read",
        ]
    )
    assert result.exit_code == 0, result.output
    client_id = re.search(r"client_id: (\S+)", result.output).group(1)
    secret = re.search(r"client_secret: (\S+)", result.output).group(1)
    made = db.session.scalar(sa.select(ApiClient).where(ApiClient.client_id == client_id))
    assert made.secret_hash == digest(secret) and made.scopes == "cases:read statistics:read"
    wrong = app.test_cli_runner().invoke(
        args=["api-client", "create", "--municipality", "9001", "--name", "X", "--scopes", "all"]
    )
    assert wrong.exit_code != 0
