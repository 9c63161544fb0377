"""`flask --app app api-client create`: register an API client from the command line."""

from __future__ import annotations

import click

from app.api.vocab import Scope
from app.extensions import db


@click.group("api-client")
def api_client():
    """API clients of a municipality."""


@api_client.command("create")
@click.option("--municipality", required=True, help="The municipality's code, e.g. 2280.")
@click.option("--name", required=True)
@click.option("--scopes", required=True, help="Separated by commas: cases:read,referrals:write")
@click.option("--client-id", default=None, help="Default: made from the name.")
def create(municipality, name, scopes, client_id):
    """Register a client and print its id and secret (shown only this once)."""
    from app.api.services import municipality_by_code, register_client
    from app.refusals import Refused

    chosen = [s.strip() for s in scopes.split(",") if s.strip()]
    unknown = sorted(set(chosen) - {str(s) for s in Scope})
    if unknown or not chosen:
        raise click.BadParameter(f"known scopes: {', '.join(Scope)}", param_hint="scopes")
    try:
        town = municipality_by_code(municipality)
        client, secret = register_client(town, name, chosen, None, client_id=client_id)
    except Refused as refused:
        raise click.BadParameter(str(refused.params or refused.code)) from refused
    db.session.commit()
    click.echo(f"client_id: {client.client_id}")
    click.echo(f"client_secret: {secret}")
