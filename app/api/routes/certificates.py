"""A participant's certificates and whether each is valid."""

from __future__ import annotations

from app.api import bp, schemas
from app.api.protocol import client, find_own, scope, someone_with
from app.api.queries import certificates_of
from app.api.vocab import Scope
from app.cases.models import Participant
from app.web import seen


def _certificates(participant: Participant) -> dict:
    seen("certificate.api_listed", participant, participant_id=participant.id)
    return {"participant_id": participant.id, "items": certificates_of(participant.id)}


@bp.route("/participants/<int:participant_id>/certificates", methods=["GET"])
@scope(Scope.CERTIFICATES_READ)
@bp.response(200, schemas.Certificates)
@bp.alt_response(404, response="NOT_FOUND")
def certificates(participant_id: int):
    """A participant's certificates, newest first: issued or revoked."""
    return _certificates(find_own(Participant, participant_id))


@bp.route("/certificates/search", methods=["POST"])
@scope(Scope.CERTIFICATES_READ)
@bp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
@bp.arguments(schemas.CertificateSearch)
@bp.response(200, schemas.Certificates)
@bp.alt_response(404, response="NOT_FOUND")
def certificate_search(data):
    """The certificates of the municipality's participant with this personal number (sent in
    the body, never in an address)."""
    return _certificates(someone_with(data["personal_number"], client().municipality_id))
