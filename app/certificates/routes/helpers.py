"""Small helpers shared by the certificates area's views."""

from __future__ import annotations

from flask import Response, url_for

from app.certificates import bp
from app.certificates.labels import REASON_LABELS, level_label


def attachment(content: bytes, filename: str, mimetype: str) -> Response:
    """A download that the browser saves under `filename`."""
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def logo_url(municipality) -> str | None:
    """Where the municipality's logo is served, or None when it has none."""
    if municipality is None or not municipality.logo_type:
        return None
    return url_for("certificates.logo", municipality_code=municipality.code)


@bp.context_processor
def _labels() -> dict:
    """Words the area's templates need: level and revocation reason labels."""
    return {"reason_labels": REASON_LABELS, "level_label": level_label}
