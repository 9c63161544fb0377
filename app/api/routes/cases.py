"""The municipality's cases, for a system that keeps its own copy in step."""

from __future__ import annotations

from app.api import bp, schemas
from app.api.protocol import client, page_of, scope
from app.api.queries import cases_changed
from app.api.vocab import Scope
from app.web import seen_many


@bp.route("/cases", methods=["GET"])
@scope(Scope.CASES_READ)
@bp.arguments(schemas.CasesQuery, location="query")
@bp.response(200, schemas.CasePage)
def cases(query):
    """The municipality's cases changed since a moment (all without `changed_since`), oldest
    change first, 100 a page: stage, dates and outcome; no journal, no names."""
    since = query.get("changed_since")
    found = page_of(cases_changed(client().municipality_id, since), query["page"])
    seen_many("case.api_listed", None, [case.participant_id for case in found["items"]])
    return found
