"""Public verification: valid, revoked, unknown; the lookup form; credentials; rate limits."""

from __future__ import annotations

import io

import pypdf
import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.certificates import numbering, services
from app.certificates.credentials import vcjwt
from app.certificates.vocab import RevocationReason
from app.extensions import db
from tests.certificates.factories import issue_for


@pytest.fixture
def certificate(case, framework, world):
    return issue_for(case, world["coach"], framework.units)


def test_the_verification_page_says_valid(client, certificate, framework):
    response = client.get(f"/verify/{certificate.verification_code}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Giltigt" in page
    assert "Åsa Öberg-Émile" in page and certificate.issuer_name in page
    assert all(unit.title in page for unit in framework.units)
    assert "1985" not in page  # nothing else: no date of birth
    assert certificate.units[0].assessor_name not in page
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "certificate.verify"))
    assert line.actor == "anonymous" and line.object_id == certificate.id


def test_the_verification_page_says_revoked_after_revocation(client, certificate, world):
    services.revoke_certificate(
        certificate, world["coach"], RevocationReason.ISSUED_IN_ERROR, "Utfärdades för tidigt."
    )
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Återkallat" in page and "Utfärdat av misstag" in page
    assert "Utfärdades för tidigt." not in page  # the explanation is for staff only


@pytest.mark.parametrize("code", ["A" * 32, "short", "%00", "ä" * 32, "x" * 5000, "'--"])
def test_an_unknown_code_says_unknown(client, certificate, code):
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404
    assert "Okänt" in response.get_data(as_text=True)


def test_a_path_in_place_of_a_code_is_not_found(client):
    assert client.get("/verify/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_english_on_request(client, certificate):
    page = client.get(f"/verify/{certificate.verification_code}?lang=en").get_data(as_text=True)
    assert "Valid: this certificate was issued" in page


def test_a_burst_gets_429(app, client, certificate):
    app.config["CERTIFICATE_VERIFY_LIMIT"] = "5/minute"
    try:
        answers = [client.get(f"/verify/{'B' * 32}").status_code for _ in range(7)]
        page = client.get(f"/verify/{certificate.verification_code}")
    finally:
        app.config.pop("CERTIFICATE_VERIFY_LIMIT")
    assert answers[:5] == [404] * 5 and answers[5:] == [429, 429]
    assert page.status_code == 429
    assert "Vänta en minut" in page.get_data(as_text=True)


def test_the_default_limit_is_thirty_a_minute(client, certificate):
    answers = [client.get(f"/verify/{'C' * 32}").status_code for _ in range(31)]
    assert answers.count(404) == 30 and answers[-1] == 429


def test_the_form_finds_a_certificate_by_number_and_code(client, certificate):
    assert client.get("/verify").status_code == 200
    response = client.post(
        "/verify",
        data={
            "lookup-number": certificate.number.lower(),
            "lookup-code": certificate.verification_code,
        },
    )
    assert response.status_code == 302
    assert response.location == f"/verify/{certificate.verification_code}"


@pytest.mark.parametrize("typed", ["{code}", "{grouped}", "{lower}", " {spaced} "])
def test_the_form_accepts_the_short_code_as_a_person_types_it(client, certificate, typed):
    code = certificate.short_code
    grouped = numbering.group_code(code)
    typed = typed.format(
        code=code,
        grouped=grouped,
        lower=grouped.lower(),
        spaced=" ".join(code[i : i + 4] for i in range(0, 12, 4)),
    )
    response = client.post(
        "/verify", data={"lookup-number": certificate.number, "lookup-code": typed}
    )
    assert response.status_code == 302
    assert response.location == f"/verify/{certificate.verification_code}"


def test_the_short_code_reads_o_as_zero_and_i_l_as_one(client, certificate):
    certificate.short_code = "0123ABCD1XYZ"
    db.session.flush()
    response = client.post(
        "/verify", data={"lookup-number": certificate.number, "lookup-code": "o123-abcd-lxyz"}
    )
    assert response.location == f"/verify/{certificate.verification_code}"


def test_the_short_code_is_printed_beside_the_qr_code(certificate):
    grouped = numbering.group_code(certificate.short_code)
    assert len(grouped) == 14 and grouped.count("-") == 2
    assert set(certificate.short_code) <= set(numbering.SHORT_ALPHABET)
    assert not set("ILOU") & set(certificate.short_code)
    reader = pypdf.PdfReader(io.BytesIO(services.document(certificate, "sv").content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert grouped in text and "Kontrollkod" in text


def test_a_wrong_short_code_says_unknown_and_counts_against_the_limit(app, client, certificate):
    app.config["CERTIFICATE_VERIFY_LIMIT"] = "2/minute"
    data = {"lookup-number": certificate.number, "lookup-code": "ZZZZ-ZZZZ-ZZZZ"}
    try:
        answers = [client.post("/verify", data=data).status_code for _ in range(3)]
    finally:
        app.config.pop("CERTIFICATE_VERIFY_LIMIT")
    assert answers == [404, 404, 429]


def test_a_revoked_certificate_points_to_its_correction(client, case, framework, world):
    first = issue_for(case, world["coach"], framework.units)
    services.revoke_certificate(first, world["coach"], RevocationReason.WRONG_DETAILS, "Fel namn.")
    corrected = issue_for(case, world["coach"], framework.units, replaces=first)
    page = client.get(f"/verify/{first.verification_code}").get_data(as_text=True)
    assert "Det har ersatts av ett rättat intyg:" in page
    assert f'href="/verify/{corrected.verification_code}"' in page and corrected.number in page
    plain = client.get(f"/verify/{corrected.verification_code}").get_data(as_text=True)
    assert "ersatts" not in plain


def test_a_wrong_number_with_a_right_code_says_unknown(client, certificate):
    response = client.post(
        "/verify",
        data={"lookup-number": "VAL-1999-000001", "lookup-code": certificate.verification_code},
    )
    assert response.status_code == 404 and "Okänt" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        ("", "", "Ange intygsnumret."),
        ("12345", "A" * 32, "Ett intygsnummer ser ut som VAL-2026-000123."),
        ("VAL-2026-000001", "<script>", "Kontrollkoden har 12 bokstäver och siffror"),
        ("VAL-2026-000001", "ABCD-EFGH-IJK", "Kontrollkoden har 12 bokstäver och siffror"),
    ],
)
def test_bad_input_gets_a_message_at_the_field(client, number, code, message):
    response = client.post("/verify", data={"lookup-number": number, "lookup-code": code})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_a_pasted_credential_verifies(client, certificate):
    token = vcjwt.sign(certificate, certificate.units[0])
    page = client.post("/verify/credential", data={"credential-token": token}).get_data(True)
    assert "Signaturen är äkta" in page and "Giltigt" in page


def test_an_uploaded_credential_verifies(client, certificate):
    token = vcjwt.sign(certificate)
    data = {"credential-upload": (io.BytesIO(token.encode()), f"{certificate.number}.jwt")}
    page = client.post("/verify/credential", data=data, content_type="multipart/form-data")
    assert "Signaturen är äkta" in page.get_data(as_text=True)


def test_a_tampered_credential_fails_with_a_clear_message(client, certificate):
    header, payload, signature = vcjwt.sign(certificate).split(".")
    i = len(payload) // 3
    payload = payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1 :]
    page = client.post(
        "/verify/credential", data={"credential-token": f"{header}.{payload}.{signature}"}
    ).get_data(as_text=True)
    assert "Inte giltigt" in page and "Signaturen stämmer inte" in page
    assert "Giltigt:" not in page


@pytest.mark.parametrize(
    "garbage", ["hej", "\x00\x01", "a.b.c" * 1000, "{}", "eyJ.eyJ.x", "ö" * 10]
)
def test_a_garbage_paste_is_refused_not_crashed(client, garbage):
    response = client.post("/verify/credential", data={"credential-token": garbage})
    assert response.status_code == 200
    assert "Inte giltigt" in response.get_data(as_text=True) or "tecken" in response.get_data(True)


def test_a_binary_upload_is_refused(client):
    data = {"credential-upload": (io.BytesIO(b"\xff\xfe\x00binary"), "bild.png")}
    page = client.post("/verify/credential", data=data, content_type="multipart/form-data")
    assert page.status_code == 200 and "Inte giltigt" in page.get_data(as_text=True)


def test_nothing_pasted_asks_for_a_credential(client):
    page = client.post("/verify/credential", data={"credential-token": "  "}).get_data(True)
    assert "Klistra in ett intyg" in page or "Klistra in" in page
