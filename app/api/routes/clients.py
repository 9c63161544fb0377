"""The administrator's pages for the municipality's API clients."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _

from app.api import pages, services
from app.api.forms import ClientForm
from app.api.labels import SCOPE_LABELS
from app.api.models import ApiClient
from app.api.queries import clients_of
from app.permissions import permission
from app.web import commit, load, me, save


def _show(client: ApiClient, secret: str | None = None):
    return render_template("api/client.html", client=client, secret=secret, labels=SCOPE_LABELS)


@pages.get("/")
@permission("api_client.manage")
def index():
    """The municipality's API clients."""
    clients = clients_of(me().municipality_id)
    return render_template("api/clients.html", clients=clients, labels=SCOPE_LABELS)


@pages.route("/new", methods=["GET", "POST"])
@permission("api_client.manage")
def new():
    """Register a client; its secret is shown once, on the page that follows."""
    form = ClientForm()
    if not form.validate_on_submit():
        return render_template("api/client_form.html", form=form)
    name, scopes = form.name.data, form.scopes.data
    client, secret = commit(lambda: services.register_client(me().municipality, name, scopes, me()))
    return _show(client, secret)


@pages.get("/<int:client_id>")
@permission("api_client.manage")
def show(client_id: int):
    """A client: its id, scopes and whether it is disabled."""
    return _show(load(ApiClient, client_id, "api_client.manage"))


@pages.post("/<int:client_id>/secret")
@permission("api_client.manage")
def secret(client_id: int):
    """A new secret (shown once); the old one and the client's tokens stop working."""
    client = load(ApiClient, client_id, "api_client.manage")
    return _show(client, commit(lambda: services.new_secret(client, me())))


@pages.post("/<int:client_id>/disable")
@permission("api_client.manage")
def disable(client_id: int):
    """Disable the client: no new tokens, and its live tokens stop at once."""
    client = load(ApiClient, client_id, "api_client.manage")
    to = url_for("api_clients.show", client_id=client.id)
    return save(lambda: services.set_disabled(client, True, me()), _("The client is disabled."), to)


@pages.post("/<int:client_id>/enable")
@permission("api_client.manage")
def enable(client_id: int):
    """Enable a disabled client again."""
    client = load(ApiClient, client_id, "api_client.manage")
    to = url_for("api_clients.show", client_id=client.id)
    return save(lambda: services.set_disabled(client, False, me()), _("The client is enabled."), to)
