"""Referrals sent by the municipality's systems, and their decisions."""

from __future__ import annotations

from app.api import bp, schemas
from app.api.protocol import client, find_own, once, scope
from app.api.services import refer_from_api
from app.api.vocab import Scope
from app.cases.models import Referral
from app.web import seen


@bp.route("/referrals", methods=["POST"])
@scope(Scope.REFERRALS_WRITE)
@bp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
@bp.arguments(schemas.IdempotencyHeader, location="headers")
@bp.arguments(schemas.ReferralIn)
@bp.response(201, schemas.Referral)
@bp.alt_response(409, response="CONFLICT")
def create_referral(headers, data):
    """Send a referral: it waits in the municipality's inbox for a coach. With an
    `Idempotency-Key`, sending the same request again makes no second referral."""
    made = lambda: schemas.Referral().dump(refer_from_api(client(), data))  # noqa: E731
    return once(headers.get("idempotency_key"), made)


@bp.route("/referrals/<int:referral_id>", methods=["GET"])
@scope(Scope.REFERRALS_WRITE)
@bp.response(200, schemas.Referral)
@bp.alt_response(404, response="NOT_FOUND")
def referral(referral_id: int):
    """A referral the municipality received: its status and the coach's decision."""
    item = find_own(Referral, referral_id)
    seen("referral.api_viewed", item, participant_id=item.participant_id)
    return item
