"""The certificate PDF: readable text, metadata, the QR code, the same bytes every time."""

from __future__ import annotations

import io

import pypdf
import pytest
from PIL import Image

from app.certificates import pdf, services
from app.certificates.wording import outcome_sentence, statement
from tests.certificates.factories import issue_for


@pytest.fixture
def certificate(case, framework, world):
    return issue_for(case, world["coach"], framework.units)


def _reader(content: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(content))


def _text(content: bytes) -> str:
    """The PDF's text with lines joined, as wrapped titles read."""
    return " ".join(" ".join(page.extract_text().split()) for page in _reader(content).pages)


def test_the_pdf_holds_name_units_and_number(certificate, framework):
    text = _text(services.document(certificate, "sv").content)
    assert "Åsa Öberg-Émile" in text
    assert certificate.number in text
    for unit in framework.units:
        assert unit.title in text
        assert outcome_sentence(unit.outcomes[0].text) in text
    assert "Kompetensbevis" in text
    assert "född 12 april 1985" in text
    assert "19850412" not in text  # never the personal number


def test_english_states_the_same_data(certificate, framework):
    text = _text(services.document(certificate, "en").content)
    assert "Certificate of competence" in text
    assert "born 12 April 1985" in text
    assert "Åsa Öberg-Émile" in text and certificate.number in text
    assert all(unit.title in text for unit in framework.units)


def test_a4_embedded_font_and_metadata(certificate):
    reader = _reader(services.document(certificate, "sv").content)
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert certificate.number in reader.metadata.title
    assert reader.metadata.author == certificate.issuer_name
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:  # every font is an embedded DejaVu subset, none a viewer's stand-in
        assert "DejaVu" in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def _qr_matrix(content: bytes) -> list[list[bool]]:
    """The QR code's modules, read back from the image embedded in the PDF."""
    reader = _reader(content)
    [image] = [im for page in reader.pages for im in page.images]
    picture = Image.open(io.BytesIO(image.data)).convert("L")
    size = picture.width // pdf.QR_SCALE
    half = pdf.QR_SCALE // 2
    return [
        [
            picture.getpixel((x * pdf.QR_SCALE + half, y * pdf.QR_SCALE + half)) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


def _expected_matrix(url: str) -> list[list[bool]]:
    code = pdf.qr_code(url)
    border = pdf.QR_BORDER
    size = len(code.matrix) + 2 * border
    grid = [[False] * size for _ in range(size)]
    for y, row in enumerate(code.matrix):
        for x, dark in enumerate(row):
            grid[y + border][x + border] = bool(dark)
    return grid


def test_the_qr_code_encodes_the_verification_address(certificate):
    url = services.verify_url(certificate)
    assert url.endswith(f"/verify/{certificate.verification_code}")
    read = _qr_matrix(services.document(certificate, "sv").content)
    assert read == _expected_matrix(url)
    assert read != _expected_matrix(url[:-1] + ("A" if url[-1] != "A" else "B"))


def test_the_qr_code_uses_the_public_base_url(app, case, framework, world):
    app.config["PUBLIC_BASE_URL"] = "https://intyg.example.se/"
    try:
        certificate = issue_for(case, world["coach"], framework.units)
        url = services.verify_url(certificate)
    finally:
        app.config["PUBLIC_BASE_URL"] = None
    assert url == f"https://intyg.example.se/verify/{certificate.verification_code}"
    assert url in _text(services.document(certificate, "sv").content).replace(" ", "")


def test_rendering_is_deterministic(certificate):
    stored = services.document(certificate, "sv").content
    said = statement(
        certificate, "sv", services.verify_url(certificate), lookup_url=services.lookup_url()
    )
    again = pdf.render(said)
    assert again == stored


def test_a_revoked_copy_says_so(certificate, world):
    from app.certificates.vocab import RevocationReason

    services.revoke_certificate(
        certificate, world["coach"], RevocationReason.ISSUED_IN_ERROR, "Fel."
    )
    text = _text(services.document(certificate, "sv").content)
    assert "ÅTERKALLAT" in text and "Utfärdat av misstag" in text
