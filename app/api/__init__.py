"""The REST API for the municipality's own systems, under /api/v1.

Three blueprints: `bp` (flask-smorest: the API itself, answering bearer tokens only, every view
with its scope, see `protocol.py`), `docs` (the OpenAPI document and its page) and `pages` (the
administrator's pages that register clients, under /admin/api-clients).
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint as ApiBlueprint

from app.areas import load
from app.main.home import admin_link
from app.permissions import rule, token_scopes
from app.queue import declare
from app.vocab import Role

bp = ApiBlueprint("api", __name__, url_prefix="/api/v1", description="Validera API, version 1")
docs = Blueprint("api_docs", __name__, url_prefix="/api/v1")
pages = Blueprint("api_clients", __name__, url_prefix="/admin/api-clients")


def _own_municipality(user, client) -> bool:
    return client.municipality_id == user.municipality_id


def init_app(app: Flask) -> None:
    """Register the area: the administrator's rule and card, the scopes, the token endpoint's
    server, the views, then the blueprints (the API's through flask-smorest, which documents
    it)."""
    from app.api import labels, tasks
    from app.api.oauth import authorization_server
    from app.api.spec import build_api
    from app.api.vocab import Scope
    from app.extensions import csrf
    from app.web import refusal_words

    rule(app, "api_client.manage", Role.ADMIN, scope=_own_municipality)
    admin_link(
        app,
        "api_clients.index",
        _l("API clients"),
        _l("The municipality's systems that use the API: scopes, secrets, disabling."),
    )
    token_scopes(app, bp.name, *(str(s) for s in Scope))
    declare(app, tasks.prune_api_tokens)
    refusal_words(app, labels.REFUSALS)
    load(
        __name__,
        "routes.token",
        "routes.referrals",
        "routes.cases",
        "routes.certificates",
        "routes.statistics",
        "routes.frameworks",
        "routes.webhooks",
        "routes.docs",
        "routes.clients",
    )
    csrf.exempt(bp)  # bearer tokens, never cookies: nothing for a forged form to ride on
    app.extensions["validera.oauth"] = authorization_server(app)
    build_api(app).register_blueprint(bp)
    app.register_blueprint(docs)
    app.register_blueprint(pages)
