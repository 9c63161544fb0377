"""How a municipality's certificates name it and show its logo, set by its administrator.

The logo is kept in the database with the municipality (it is small, and the PDF needs its
bytes when a certificate is issued). An upload is accepted only when Pillow opens it as a PNG
or JPEG of a sensible size; what the browser or the file name says is not trusted.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from app.audit import record
from app.certificates.vocab import Refusal
from app.extensions import db
from app.refusals import Refused

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000  # pixels: larger is no logo, and costs memory to open
TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def checked_logo(data: bytes) -> tuple[bytes, str]:
    """The logo's bytes and media type once Pillow has opened and fully read it."""
    if len(data) > MAX_BYTES:
        raise too_large()
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if kind not in TYPES:
                raise Refused(Refusal.LOGO_NOT_IMAGE, field="logo")
            if max(image.size) > MAX_SIDE or min(image.size) < 1:
                raise too_large()
            image.load()  # a truncated or broken file fails here, not in the PDF later
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise Refused(Refusal.LOGO_NOT_IMAGE, field="logo") from None
    return data, TYPES[kind]


def too_large() -> Refused:
    return Refused(
        Refusal.LOGO_TOO_LARGE, field="logo", kilobytes=MAX_BYTES // 1024, pixels=MAX_SIDE
    )


def save_appearance(
    municipality, actor, display_name: str, logo: bytes | None, remove_logo: bool
) -> None:
    """Set the name certificates print and the logo (a new one, kept, or removed)."""
    municipality.display_name = " ".join(display_name.split())
    if logo is not None:
        municipality.logo, municipality.logo_type = checked_logo(logo)
    elif remove_logo:
        municipality.logo, municipality.logo_type = None, None
    db.session.flush()
    record(
        "certificate.appearance",
        municipality,
        details={"display_name": municipality.display_name, "logo": bool(municipality.logo_type)},
        user=actor,
    )
