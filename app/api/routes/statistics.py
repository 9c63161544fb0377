"""The statistics tables of the municipality, with small numbers hidden."""

from __future__ import annotations

from flask import abort

from app.api import bp, schemas
from app.api.protocol import client, period, scope
from app.api.queries import statistics_index, statistics_table
from app.api.vocab import Scope
from app.reports.labels import TABLES


@bp.route("/statistics", methods=["GET"])
@scope(Scope.STATISTICS_READ)
@bp.response(200, schemas.StatisticsIndex)
def statistics():
    """The statistics tables there are, by key."""
    return {"items": statistics_index()}


@bp.route("/statistics/<key>", methods=["GET"])
@scope(Scope.STATISTICS_READ)
@bp.arguments(schemas.StatisticsQuery, location="query")
@bp.response(200, schemas.StatisticsTable)
@bp.alt_response(404, response="NOT_FOUND")
def statistics_table_of(query, key: str):
    """One statistics table of the municipality for a period (default: twelve months), as the
    dashboard shows it: counts under 5 are "<5", and "–" where a sum would give one away."""
    if key not in TABLES:
        abort(404)
    date_from, date_to = period(query.get("date_from"), query.get("date_to"))
    return statistics_table(client().municipality_id, key, date_from, date_to)
