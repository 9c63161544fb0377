"""The OpenAPI document and the page that shows it to people."""

from __future__ import annotations

from flask import current_app, jsonify, render_template

from app.api import docs
from app.api.labels import SCOPE_LABELS
from app.api.reading import operations, schemas_of
from app.permissions import public


def _document() -> dict:
    return current_app.extensions["validera.api"].spec.to_dict()


@docs.get("/openapi.json")
@public
def openapi():
    """The OpenAPI 3.1 document of the API, generated from the schemas that check requests."""
    return jsonify(_document())


@docs.get("/docs")
@public
def documentation():
    """The API's documentation: every operation, its parameters, scopes and schemas."""
    document = _document()
    return render_template(
        "api/docs.html",
        document=document,
        operations=operations(document),
        schemas=schemas_of(document),
        scope_labels=SCOPE_LABELS,
    )
