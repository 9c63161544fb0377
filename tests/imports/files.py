"""Import files for the tests: CSV and XLSX made from rows of values."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from app.cases.personal_numbers import formatted, with_check_digit
from tests.clock import TODAY

SV_REFERRAL_HEADER = [
    "Personnummer",
    "Förnamn",
    "Efternamn",
    "Telefon",
    "E-post",
    "Källa",
    "Remitterande handläggare",
    "Handläggarens telefon eller e-post",
    "Remissdatum",
    "Skäl till remissen",
    "Mål",
]
EN_REFERRAL_HEADER = [
    "Personal number",
    "First name",
    "Last name",
    "Phone",
    "Email",
    "Source",
    "Referring officer",
    "Referring officer's phone or email",
    "Date of referral",
    "Reason for the referral",
    "Goal",
]


def number(serial: int, born: date = date(1990, 3, 15)) -> str:
    """A valid personal number, different for each serial (0-999)."""
    return formatted(with_check_digit(f"{born:%Y%m%d}{serial:03d}"))


def referral_row(serial: int, **values) -> list[str]:
    """A good referral row (Swedish header order); `values` by column key override it."""
    row = {
        "personal_number": number(serial),
        "first_name": "Anna",
        "last_name": f"Import{serial}",
        "phone": "070-123 45 67",
        "email": "",
        "source": "Socialtjänsten",
        "referring_officer": "Eva Ek",
        "referrer_contact": "eva.ek@example.org",
        "referred_on": TODAY.isoformat(),
        "reason": "Försörjningsstöd",
        "goal": "Arbete",
        **values,
    }
    return list(row.values())


def csv_bytes(rows, header=SV_REFERRAL_HEADER, delimiter=";", bom=True, encoding="utf-8"):
    """A CSV file of `rows` under `header`."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom and encoding == "utf-8" else data


def xlsx_bytes(rows, header=SV_REFERRAL_HEADER, formula_cells=()) -> bytes:
    """A workbook of `rows`; `formula_cells` are (row, column) written as formulas."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "remisser.csv", kind: str = "referrals"):
    """POST the file to the upload page; the response (not followed)."""
    return client.post(
        f"/imports/{kind}/new",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
