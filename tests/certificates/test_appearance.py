"""The municipality's proper name and logo: set by its administrator, shown on certificates."""

from __future__ import annotations

import io

import pypdf
import pytest
from PIL import Image

from app.certificates import services
from app.certificates.appearance import MAX_BYTES, checked_logo
from app.extensions import db
from app.organisations.models import Municipality, default_display_name
from app.refusals import Refused
from tests.certificates.factories import issue_for


def _image(kind: str = "PNG", size: tuple[int, int] = (120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (31, 92, 99)).save(out, format=kind)
    return out.getvalue()


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _images(content: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return sum(len(page.images) for page in reader.pages)


@pytest.fixture
def admin_client(client, world):
    client.login(world["admin"])
    return client


def test_a_new_municipality_is_named_kommun_by_default(app):
    town = Municipality(name="Timrå", code="9777")
    db.session.add(town)
    db.session.flush()
    assert town.display_name == "Timrå kommun" == default_display_name("Timrå")


def test_the_pdf_prints_the_proper_name_not_upper_case(case, framework, world):
    world.home.display_name = "Härnösands kommun"
    db.session.flush()
    certificate = issue_for(case, world["coach"], framework.units)
    text = _text(services.document(certificate, "sv").content)
    assert "Härnösands kommun" in text
    assert "HÄRNÖSANDS KOMMUN" not in text and "HEMKOMMUN" not in text
    assert "Totalt 3 poäng" in text and "Motsvarar 30 timmars lärande" in text
    outcome = framework.units[0].outcomes[0].text
    assert f"{outcome[0].upper()}{outcome[1:]}." in text
    english = _text(services.document(certificate, "en").content)
    assert "Total 3 credits" in english and "Härnösands kommun" in english


def test_the_administrator_uploads_a_logo_that_certificates_show(
    admin_client, case, framework, world
):
    page = admin_client.get("/certificates/appearance")
    assert page.status_code == 200 and "Namn på intyg" in page.get_data(as_text=True)
    response = admin_client.post(
        "/certificates/appearance",
        data={"display_name": "  Härnösands   kommun ", "logo": (io.BytesIO(_image()), "logo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    home = db.session.get(Municipality, world.home.id)
    assert home.display_name == "Härnösands kommun" and home.logo_type == "image/png"

    served = admin_client.get(f"/certificates/logo/{home.code}")
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.data == home.logo

    with_logo = issue_for(case, world["coach"], framework.units[:1])
    assert _images(services.document(with_logo, "sv").content) == 2  # logo and QR code
    admin_client.logout()
    admin_client.login(world["coach"])
    shown = admin_client.get(f"/certificates/{with_logo.id}").get_data(as_text=True)
    assert f'src="/certificates/logo/{home.code}"' in shown


def test_the_logo_is_printed_on_new_certificates(case, framework, world):
    world.home.logo, world.home.logo_type = _image("JPEG"), "image/jpeg"
    db.session.flush()
    certificate = issue_for(case, world["coach"], framework.units)
    assert _images(services.document(certificate, "sv").content) == 2  # logo and QR code


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"GIF89a not really", "logo.png", "PNG- eller JPEG-bild"),
        (b"%PDF-1.4 a document", "logo.pdf", "PNG- eller JPEG-bild"),
        (_image("GIF"), "logo.gif", "PNG- eller JPEG-bild"),
        (_image()[:60], "logo.png", "PNG- eller JPEG-bild"),  # cut off: it does not open
        (_image(size=(4200, 10)), "wide.png", "Logotypen är för stor"),
    ],
)
def test_a_bad_logo_gets_a_message_at_the_field(admin_client, world, content, name, message):
    response = admin_client.post(
        "/certificates/appearance",
        data={"display_name": "Härnösands kommun", "logo": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Municipality, world.home.id).logo is None


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(app):
    with pytest.raises(Refused) as refused:
        checked_logo(_image()[:8] + b"\x00" * MAX_BYTES)
    assert refused.value.code == "logo_too_large" and refused.value.field == "logo"


def test_the_logo_can_be_removed(admin_client, world):
    world.home.logo, world.home.logo_type = _image(), "image/png"
    db.session.commit()
    response = admin_client.post(
        "/certificates/appearance",
        data={"display_name": world.home.display_name, "remove_logo": "y"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Municipality, world.home.id).logo_type is None
    assert admin_client.get(f"/certificates/logo/{world.home.code}").status_code == 404


def test_only_the_municipality_administrator_sets_it(client, world):
    client.login(world["coach"])
    assert client.get("/certificates/appearance").status_code == 403
