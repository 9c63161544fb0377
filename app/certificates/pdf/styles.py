"""Colours and paragraph styles of the certificate."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from app.pdf_fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD

INK = colors.HexColor("#1d2b36")
ACCENT = colors.HexColor("#1f5c63")  # deep teal: border, headings, table head
GOLD = colors.HexColor("#b08d3c")  # thin ornamental rules
MUTED = colors.HexColor("#5b6770")
ZEBRA = colors.HexColor("#f1f5f5")
REVOKED = colors.HexColor("#b3261e")


def _style(name: str, font: str, size: float, **extra) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=extra.pop("leading", size * 1.3),
        textColor=extra.pop("textColor", INK),
        alignment=extra.pop("alignment", TA_CENTER),
        **extra,
    )


STYLES = {
    "issuer": _style("issuer", SANS_BOLD, 10, textColor=ACCENT, spaceAfter=10),
    "heading": _style("heading", SERIF_BOLD, 30, leading=36, textColor=ACCENT),
    "subheading": _style("subheading", SERIF, 12, textColor=MUTED, spaceBefore=2),
    "certify": _style("certify", SANS, 10.5, textColor=MUTED, spaceBefore=14),
    "name": _style("name", SERIF_BOLD, 24, leading=30, spaceBefore=4),
    "born": _style("born", SANS, 10.5, textColor=MUTED),
    "shown": _style("shown", SANS, 10.5, spaceBefore=10, leading=14),
    "framework": _style("framework", SERIF_BOLD, 16, leading=20, spaceBefore=8),
    "details": _style("details", SANS, 9, textColor=MUTED, spaceAfter=10),
    "cell": _style("cell", SANS, 9, alignment=TA_LEFT, leading=11.5),
    "cell_head": _style("cell_head", SANS_BOLD, 9, alignment=TA_LEFT, textColor="white"),
    "cell_number": _style("cell_number", SANS, 9),
    "unit": _style("unit", SANS_BOLD, 9.5, alignment=TA_LEFT, leading=12),
    "outcome": _style(
        "outcome",
        SANS,
        8,
        alignment=TA_LEFT,
        leading=10,
        textColor=MUTED,
        leftIndent=8,
        bulletIndent=0,
        bulletFontName=SANS,
        bulletFontSize=8,
    ),
    "total": _style("total", SANS_BOLD, 9.5, alignment=TA_LEFT),
    "total_note": _style("total_note", SANS, 8.5, alignment=TA_LEFT, textColor=MUTED),
    "outcomes": _style("outcomes", SANS, 8, alignment=TA_LEFT, leading=10.5, textColor=MUTED),
    "code": _style("code", SANS_BOLD, 12, alignment=TA_LEFT, leading=15, textColor=ACCENT),
    "note": _style("note", SANS, 9, textColor=MUTED, spaceBefore=6),
    "issued": _style("issued", SANS, 10, alignment=TA_LEFT, spaceBefore=4),
    "sign_name": _style("sign_name", SANS_BOLD, 9.5, alignment=TA_LEFT),
    "sign_role": _style("sign_role", SANS, 8, alignment=TA_LEFT, textColor=MUTED),
    "check_heading": _style("check_heading", SANS_BOLD, 9, alignment=TA_LEFT, textColor=ACCENT),
    "check": _style("check", SANS, 7.5, alignment=TA_LEFT, leading=9.5, textColor=MUTED),
    "url": _style("url", SANS, 7, alignment=TA_LEFT, leading=9, splitLongWords=True),
    "number": _style("number", SANS_BOLD, 9, alignment=TA_LEFT, spaceBefore=3),
    "revoked": _style("revoked", SANS_BOLD, 11, textColor=REVOKED, spaceBefore=6),
}
