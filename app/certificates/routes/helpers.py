"""Small helpers shared by the certificates area's views."""

from __future__ import annotations

from flask import Response

from app.certificates import bp
from app.certificates.labels import REASON_LABELS, level_label
from app.certificates.models import Certificate
from app.extensions import db
from app.permissions import require


def certificate_in_scope(certificate_id: int, action: str) -> Certificate:
    """The certificate, or 404 when it does not exist or lies outside the user's scope."""
    certificate = db.get_or_404(Certificate, certificate_id)
    require(action, certificate)
    return certificate


def attachment(content: bytes, filename: str, mimetype: str) -> Response:
    """A download that the browser saves under `filename`."""
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.context_processor
def _labels() -> dict:
    """Words the area's templates need: level and revocation reason labels."""
    return {"reason_labels": REASON_LABELS, "level_label": level_label}
