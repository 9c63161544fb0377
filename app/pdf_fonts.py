"""The fonts embedded in the PDFs (certificates, letters of summons): DejaVu, shipped with the
package in app/certificates/fonts (see its LICENSE).

Shipped rather than looked up on the system, so that every machine renders å, ä, ö and é the
same way and a certificate downloads the same bytes wherever it was made.
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FOLDER = Path(__file__).resolve().parent / "certificates" / "fonts"
SANS = "ValideraSans"
SANS_BOLD = "ValideraSans-Bold"
SERIF = "ValideraSerif"
SERIF_BOLD = "ValideraSerif-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
}


def register() -> None:
    """Register the fonts with ReportLab once per process."""
    # Streams (pages, pictures, embedded fonts) go into the file as compressed binary, not
    # also spelled out in ASCII85: a fifth smaller, and ReportLab's ASCII85 encoder is pure
    # Python, a tenth of a certificate's rendering time.
    rl_config.useA85 = 0
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FOLDER / filename)))
    # Bold is the only variant the certificate uses; italics fall back to the upright face.
    for family, bold in ((SANS, SANS_BOLD), (SERIF, SERIF_BOLD)):
        pdfmetrics.registerFontFamily(
            family, normal=family, bold=bold, italic=family, boldItalic=bold
        )
