"""A value that a spreadsheet would run as a formula (=, +, -, @ first) stays text: stored as
written, and kept as text in every file Validera writes (exports, templates, error files)."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.imports.models import Import
from app.reports import exports
from tests.imports.files import csv_bytes, referral_row, upload

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://evil.example","x")']


@pytest.mark.parametrize("value", FORMULAS)
def test_the_csv_export_keeps_a_formula_as_text(value):
    content = exports.to_csv(exports.plain_lines(["Namn"], [[value]])).decode("utf-8-sig")
    cell = content.splitlines()[1]
    assert cell.lstrip('"').startswith("'")


@pytest.mark.parametrize("value", FORMULAS)
def test_the_xlsx_export_keeps_a_formula_as_text(value):
    content = exports.to_xlsx([("Blad", exports.plain_lines(["Namn"], [[value]]), {0})])
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == "'" + value


def test_numbers_stay_numbers_in_exports():
    content = exports.to_xlsx([("Blad", [["n"], [-3]], {0})])
    assert load_workbook(io.BytesIO(content)).active["A2"].value == -3


def test_the_access_log_csv_keeps_a_formula_as_text(app):
    from app.privacy.routes import _cell

    assert _cell("=1+1") == "'=1+1" and _cell("Anna") == "Anna"


def test_the_errors_file_of_an_upload_keeps_formulas_as_text(client, world):
    client.login(world["coach"])
    rows = [referral_row(1, phone="=1+1", source="@evil")]
    answer = upload(client, csv_bytes(rows))
    item = db.session.scalars(sa.select(Import)).one()
    assert answer.status_code == 302 and item.error_count == 1
    content = client.get(f"/imports/{item.id}/errors.csv").get_data().decode("utf-8-sig")
    assert "'=1+1" in content and "'@evil" in content
    assert ";=1+1" not in content and ";@evil" not in content


@pytest.mark.parametrize("kind", ["referrals", "staff"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_templates_have_the_header_and_an_example_that_passes(client, world, kind, file_format):
    client.login(world["admin"])
    answer = client.get(f"/imports/{kind}/template?format={file_format}")
    assert answer.status_code == 200
    name = "remisser" if kind == "referrals" else "personal"
    assert f'filename="{name}.{file_format}"' in answer.headers["Content-Disposition"]
    again = upload(client, answer.get_data(), f"mall.{file_format}", kind=kind)
    assert again.status_code == 302, again.get_data(as_text=True)
    item = db.session.scalars(sa.select(Import).order_by(Import.id.desc())).first()
    assert item.row_count == 1 and item.error_count == 0, item.rows


def test_the_template_speaks_the_persons_language(client, world):
    client.login(world["coach"])
    assert "Personnummer;Förnamn" in client.get("/imports/referrals/template?format=csv").get_data(
        as_text=True
    )
    world["coach"].locale = "en"
    db.session.flush()
    assert "Personal number;First name" in client.get(
        "/imports/referrals/template?format=csv"
    ).get_data(as_text=True)
