"""Frameworks as exchange documents: read the shared ones, import a new draft."""

from __future__ import annotations

from flask import request

from app.api import bp, schemas
from app.api.protocol import framework_imported, page_of, scope, shared_framework
from app.api.queries import shared_frameworks
from app.api.vocab import Scope
from app.frameworks.transfer import to_document


@bp.route("/frameworks", methods=["GET"])
@scope(Scope.FRAMEWORKS_READ)
@bp.arguments(schemas.PageQuery, location="query")
@bp.response(200, schemas.FrameworkPage)
def frameworks(query):
    """The published and retired framework versions every municipality may use."""
    return page_of(shared_frameworks(), query["page"])


@bp.route("/frameworks/<int:framework_id>", methods=["GET"])
@scope(Scope.FRAMEWORKS_READ)
@bp.response(200, schemas.FrameworkDocument)
@bp.alt_response(404, response="NOT_FOUND")
def framework(framework_id: int):
    """A framework version as an exchange document (validera-framework/1)."""
    return to_document(shared_framework(framework_id))


@bp.route("/frameworks", methods=["POST"])
@scope(Scope.FRAMEWORKS_WRITE)
@bp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
@bp.arguments(schemas.FrameworkDocument)
@bp.response(201, schemas.FrameworkSummary)
def framework_import(document):
    """Import an exchange document as a new draft, for the system administrator to publish;
    a code and version that exist already are refused."""
    return framework_imported(request.get_data())
