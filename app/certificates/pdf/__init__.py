"""The certificate as a PDF (ReportLab): A4, embedded DejaVu fonts, the same bytes every time.

`render(statement)` is deterministic: ReportLab's invariant mode leaves out the random file
id, and the creation date is the certificate's own date of issue.
"""

from __future__ import annotations

import io
import time
from functools import lru_cache, partial
from html import escape

import segno
from PIL import Image as PillowImage
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app import pdf_fonts as fonts
from app.certificates.pdf.styles import ACCENT, GOLD, MUTED, REVOKED, STYLES, ZEBRA
from app.certificates.statement import Statement

WIDTH, HEIGHT = A4
MARGIN = 22 * mm
QR_SCALE = 8  # pixels per module of the embedded QR image
QR_BORDER = 4  # the quiet zone the QR standard asks for
LOGO_HEIGHT = 16 * mm
LOGO_MAX_WIDTH = 60 * mm


def qr_code(url: str) -> segno.QRCode:
    """The QR code printed on a certificate: the verification address, error level M."""
    return segno.make(url, error="m", micro=False, boost_error=False)


def qr_png(url: str) -> bytes:
    """The QR code as a black-and-white PNG."""
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return out.getvalue()


@lru_cache(maxsize=64)
def _qr_image(url: str) -> ImageReader:
    """The QR code as a greyscale picture, made once per address (a certificate is rendered in
    each language, and again when revoked).

    Built from the code's modules rather than through a PNG: ReportLab would decode the PNG
    again on every page, and widen its one bit per pixel to three bytes of RGB before
    compressing it; a greyscale picture goes into the PDF as it is, a third of the size."""
    matrix = qr_code(url).matrix
    side = len(matrix) + 2 * QR_BORDER
    pixels = bytearray(b"\xff" * side * side)
    for y, row in enumerate(matrix):
        start = (y + QR_BORDER) * side + QR_BORDER
        for x, dark in enumerate(row):
            if dark:
                pixels[start + x] = 0
    small = PillowImage.frombytes("L", (side, side), bytes(pixels))
    scaled = small.resize((side * QR_SCALE, side * QR_SCALE), PillowImage.Resampling.NEAREST)
    return ImageReader(scaled)


class _Picture(Flowable):
    """A picture already read (`ImageReader`), drawn at a given size."""

    def __init__(self, picture: ImageReader, width: float, height: float):
        super().__init__()
        self.picture, self.width, self.height = picture, width, height
        self.hAlign = "LEFT"

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        # "auto": a logo's transparent parts stay transparent, as with platypus' Image.
        self.canv.drawImage(self.picture, 0, 0, self.width, self.height, mask="auto")


class _FixedDateCanvas(Canvas):
    """A canvas whose document carries a given creation date instead of the clock's."""

    def __init__(self, *args, epoch: float, **kwargs):
        super().__init__(*args, **kwargs)
        stamp = TimeStamp(invariant=1)
        stamp.t, stamp.lt = epoch, time.gmtime(epoch)
        stamp.YMDhms = tuple(stamp.lt)[:6]
        self._doc._timeStamp = stamp


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _unit_cell(statement: Statement, unit) -> list:
    cell = [_p(f"{unit.code}  {unit.title}", "unit")]
    if unit.outcomes:
        # The outcomes as the sentences they are, one paragraph after the label.
        label = f"<b>{escape(statement.outcomes_label)}:</b> "
        cell.append(Paragraph(label + escape(" ".join(unit.outcomes)), STYLES["outcomes"]))
    return cell


def _unit_table(statement: Statement) -> Table:
    head = [Paragraph(escape(c), STYLES["cell_head"]) for c in statement.columns]
    rows = [head]
    for unit in statement.units:
        rows.append([_unit_cell(statement, unit), _p(unit.level, "cell"), _p(unit.credits, "cell")])
    rows.append([_p(statement.total_hours, "total_note"), "", _p(statement.total, "total")])
    width = WIDTH - 2 * MARGIN
    table = Table(rows, colWidths=[width - 72 * mm, 40 * mm, 32 * mm], repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", (0, -1), (-1, -1), 1.2, ACCENT),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, ACCENT),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(rows) - 1, 2)]
    table.setStyle(TableStyle(style))
    return table


def _signature(role: str, names: str) -> list:
    return [
        Spacer(1, 22),
        HRFlowable(width="92%", thickness=0.6, color=MUTED, hAlign="LEFT", spaceAfter=3),
        _p(names, "sign_name"),
        _p(role, "sign_role"),
    ]


def _signatures(statement: Statement, width: float) -> Table:
    cells = [_signature(role, names) for role, names in statement.signatures]
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return table


def _check(statement: Statement) -> list:
    qr = _Picture(_qr_image(statement.verify_url), 30 * mm, 30 * mm)
    check = [
        qr,
        _p(statement.check_heading, "check_heading"),
        _p(statement.check_text, "check"),
        Spacer(1, 2),
        _p(statement.verify_url, "url"),
        _p(f"{statement.number_label}: {statement.number}", "number"),
    ]
    if statement.short_code:
        check += [_p(statement.short_code_label, "check"), _p(statement.short_code, "code")]
    if statement.lookup_text:
        check.append(_p(statement.lookup_text, "url"))
    return check


def _closing(statement: Statement) -> KeepTogether:
    right = 62 * mm
    left = WIDTH - 2 * MARGIN - right
    signed = [_p(statement.issued, "issued"), _signatures(statement, left - 8 * mm)]
    block = Table([[signed, _check(statement)]], colWidths=[left, right])
    block.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LINEBEFORE", (1, 0), (1, 0), 0.6, GOLD),
                ("LEFTPADDING", (1, 0), (1, 0), 10),
            ]
        )
    )
    return KeepTogether([Spacer(1, 18), block])


@lru_cache(maxsize=16)
def _logo_picture(content: bytes) -> ImageReader:
    """A municipality's logo, read once per process (every certificate of the municipality
    prints it)."""
    picture = ImageReader(io.BytesIO(content))
    picture.getRGBData()  # decoded now, once
    return picture


def _logo(content: bytes) -> _Picture:
    """The municipality's logo, 16 mm high (narrower if it is very wide), centred."""
    picture = _logo_picture(content)
    width, height = picture.getSize()
    shown_width = min(LOGO_HEIGHT * width / height, LOGO_MAX_WIDTH)
    logo = _Picture(picture, shown_width, shown_width * height / width)
    logo.hAlign = "CENTER"
    return logo


def _story(statement: Statement) -> list:
    story = [_logo(statement.logo), Spacer(1, 6)] if statement.logo else []
    # The issuer's proper name as it is written ("Härnösands kommun"), never upper-cased.
    story += [_p(statement.issuer, "issuer"), _p(statement.heading, "heading")]
    story += [_p(statement.subheading, "subheading")]
    story += [Spacer(1, 8), HRFlowable(width="30%", thickness=1, color=GOLD)]
    if statement.revoked:
        story.append(_p(statement.revoked, "revoked"))
    story += [_p(statement.certify, "certify"), _p(statement.holder_name, "name")]
    if statement.born:
        story.append(_p(statement.born, "born"))
    story += [_p(statement.shown, "shown"), _p(statement.framework, "framework")]
    story += [_p(statement.framework_details, "details"), _unit_table(statement)]
    story += [_p(note, "note") for note in statement.notes]
    story.append(_closing(statement))
    return story


def _decorate(statement: Statement, canvas: Canvas, doc) -> None:
    """Border, footer and, on a revoked copy, the stamp across every page."""
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(2.2)
    canvas.rect(12 * mm, 12 * mm, WIDTH - 24 * mm, HEIGHT - 24 * mm)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.7)
    canvas.rect(14.5 * mm, 14.5 * mm, WIDTH - 29 * mm, HEIGHT - 29 * mm)
    canvas.setFont(fonts.SANS, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, 17.5 * mm, f"{statement.number_label}: {statement.number}")
    canvas.drawRightString(WIDTH - MARGIN, 17.5 * mm, f"{statement.page_label} {doc.page}")
    stamp = statement.revoked_stamp or statement.preview_stamp
    if stamp:
        canvas.setFillColor(REVOKED if statement.revoked_stamp else MUTED)
        canvas.setFillAlpha(0.18)
        canvas.setFont(fonts.SANS_BOLD, 72 if len(stamp) < 12 else 48)
        canvas.translate(WIDTH / 2, HEIGHT / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 0, stamp)
    canvas.restoreState()


def render(statement: Statement) -> bytes:
    """The certificate as PDF bytes; the same statement always gives the same bytes."""
    fonts.register()
    out = io.BytesIO()
    meta = statement.metadata
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=meta.get("title", ""),
        author=meta.get("author", ""),
        subject=meta.get("subject", ""),
        keywords=meta.get("keywords", ""),
        creator="Validera",
        producer="Validera",
        lang=statement.language,
        invariant=1,
        initialFontName=fonts.SANS,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    page = PageTemplate("certificate", [frame], onPage=partial(_decorate, statement))
    doc.addPageTemplates([page])
    canvasmaker = partial(_FixedDateCanvas, epoch=statement.issued_at.timestamp())
    doc.build(_story(statement), canvasmaker=canvasmaker)
    return out.getvalue()
