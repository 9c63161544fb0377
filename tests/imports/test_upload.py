"""Uploading a file: what is refused at the file field, and the preview of what is read."""

from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.imports.models import Import
from tests.imports.files import (
    EN_REFERRAL_HEADER,
    csv_bytes,
    number,
    referral_row,
    upload,
    xlsx_bytes,
)


def _english(user) -> None:
    user.locale = "en"
    db.session.flush()


def _refused(client, content, name="remisser.csv", kind="referrals") -> str:
    answer = upload(client, content, name, kind)
    assert answer.status_code in (200, 413), answer.status_code
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Import)) == 0
    return answer.get_data(as_text=True)


@pytest.fixture
def coach(client, world):
    client.login(world["coach"])
    return world["coach"]


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "a.csv", "The file is empty."),
        ("\n".join(["Personnummer;Förnamn"]).encode(), "a.csv", "Columns missing"),
        (
            csv_bytes([referral_row(1)], header=[*EN_REFERRAL_HEADER[:-1], "Shoe size"]),
            "a.csv",
            "Unknown columns: ”Shoe size”",
        ),
        (csv_bytes([], bom=False), "a.csv", "The file has column names but no rows."),
        (csv_bytes([referral_row(1)], encoding="cp1252"), "a.csv", "Windows-1252"),
        (csv_bytes([referral_row(1)], delimiter="\t"), "a.csv", "The first row cannot be read"),
        ("Personnummer;Förnamn".encode("utf-16"), "a.csv", "UTF-16"),
        (b"PK\x03\x04not really a zip at all", "a.xlsx", "not a readable XLSX workbook"),
        (b"%PDF-1.4 not a spreadsheet", "a.csv", "neither a CSV file nor an XLSX workbook"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_at_the_file_field(
    client, coach, content, name, words
):
    _english(coach)
    page = _refused(client, content, name)
    assert words in page
    assert 'id="file-error"' in page


def test_a_zip_that_is_no_workbook_is_refused(client, coach):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "XLSX" in _refused(client, out.getvalue(), "a.xlsx")


def test_missing_columns_are_named_in_the_persons_language(client, coach):
    content = "Personnummer;Förnamn;Efternamn\n19900315-0000;A;B\n".encode()
    page = _refused(client, content)
    assert "Kolumner saknas" in page and "”Källa”" in page and "”Remissdatum”" in page


def test_more_rows_than_the_limit_are_refused(client, coach, monkeypatch):
    monkeypatch.setattr("app.imports.reading.MAX_ROWS", 3)
    page = _refused(client, csv_bytes([referral_row(i) for i in range(4)]))
    assert "fler än 3 rader" in page


def test_a_file_past_20_mb_is_refused_with_a_message_not_an_error_page(client, coach):
    head = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
    body = head + b"x" * (21 * 1024 * 1024 + 10) + b"\r\n--x--\r\n"
    answer = client.post(
        "/imports/referrals/new", data=body, content_type="multipart/form-data; boundary=x"
    )
    assert answer.status_code == 413
    assert "större än 20 MB" in answer.get_data(as_text=True)


def test_a_file_over_the_limit_but_within_the_request_is_refused_too(client, coach, monkeypatch):
    monkeypatch.setattr("app.imports.reading.MAX_BYTES", 1000)
    page = _refused(client, csv_bytes([referral_row(i) for i in range(30)]))
    assert "större än 20 MB" in page


def test_comma_separated_without_bom_is_read(client, coach):
    answer = upload(client, csv_bytes([referral_row(1)], delimiter=",", bom=False))
    assert answer.status_code == 302
    item = db.session.scalars(sa.select(Import)).one()
    assert item.row_count == 1 and item.error_count == 0


def test_errors_are_shown_at_row_and_column_in_swedish_and_english(client, coach, world):
    rows = [
        referral_row(1),
        referral_row(2, personal_number="19900315-0002"),
        referral_row(3, referred_on="igår"),
    ]
    answer = upload(client, csv_bytes(rows))
    page = client.get(answer.location).get_data(as_text=True)
    assert "<td>3</td><td>Personnummer</td>" in page
    assert "<td>4</td><td>Remissdatum</td>" in page
    assert "/confirm" not in page  # no confirmation while a row has an error
    _english(world["coach"])
    page = client.get(answer.location).get_data(as_text=True)
    assert "<td>3</td><td>Personal number</td>" in page
    assert "<td>4</td><td>Date of referral</td>" in page


def test_two_rows_with_one_number_are_an_error(client, coach):
    answer = upload(client, csv_bytes([referral_row(1), referral_row(1)]))
    page = client.get(answer.location).get_data(as_text=True)
    assert "Samma personnummer som rad 2." in page


def test_an_unknown_source_names_the_choices(client, coach):
    answer = upload(client, csv_bytes([referral_row(1, source="Grannen")]))
    page = client.get(answer.location).get_data(as_text=True)
    assert "”Grannen”" in page or "“Grannen”" in page
    assert "social_services" in page


def test_an_xlsx_file_is_read_with_formulas_as_text(client, coach):
    content = xlsx_bytes([referral_row(1, first_name='=HYPERLINK("http://x")')])
    answer = upload(client, content, "remisser.xlsx")
    assert answer.status_code == 302
    item = db.session.scalars(sa.select(Import)).one()
    assert item.rows[0]["raw"]["first_name"] == '=HYPERLINK("http://x")'


def test_english_headers_are_accepted(client, coach):
    answer = upload(
        client, csv_bytes([referral_row(1, source="Social services")], header=EN_REFERRAL_HEADER)
    )
    assert answer.status_code == 302


def test_a_number_registered_in_another_municipality_is_no_duplicate_here(client, coach, world):
    from tests.cases.factories import make_participant

    make_participant(world.other, personal_number=number(1).replace("-", ""), first_name="Annan")
    answer = upload(client, csv_bytes([referral_row(1)]))
    page = client.get(answer.location).get_data(as_text=True)
    assert "redan registrerade" not in page and "Annan" not in page


def test_a_file_past_the_limit_from_someone_who_may_not_upload_gets_the_error_page(client, world):
    client.login(world["coach"])
    head = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
    body = head + b"x" * (21 * 1024 * 1024 + 10) + b"\r\n--x--\r\n"
    answer = client.post(
        "/imports/staff/new", data=body, content_type="multipart/form-data; boundary=x"
    )
    assert answer.status_code == 413
    assert 'id="file"' not in answer.get_data(as_text=True)
