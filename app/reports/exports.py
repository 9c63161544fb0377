"""Tables as CSV and XLSX files, each with the filters it was made with written in it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from app.reports.tables import Table

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Filters = Sequence[tuple[Any, Any]]  # (label, value) pairs, as shown on the page


def safe(value: Any) -> Any:
    """A value a spreadsheet shows as written: text that looks like a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def table_lines(table: Table, filters: Filters) -> list[list[Any]]:
    """The lines of a table's file: title, description, filters, then the table."""
    lines: list[list[Any]] = [[str(table.title)], [str(table.description)], []]
    lines += [[str(label), str(value)] for label, value in filters]
    lines.append([])
    lines.append([str(h) for h in table.row_headers] + [str(c.label) for c in table.columns])
    for row in table.rows:
        values = [table.value(row, column) for column in table.columns]
        lines.append([str(label) for label in row.labels] + values)
    return lines


def plain_lines(headers: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """A header line and rows, nothing else (for lists another system imports)."""
    return [[str(h) for h in headers], *[list(row) for row in rows]]


def to_csv(lines: list[list[Any]]) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark, as Swedish spreadsheets expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for line in lines:
        writer.writerow([_csv_value(v) for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return safe(value)


def sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), unique in the workbook."""
    base = SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def add_sheet(workbook: Workbook, title: str, lines: list[list[Any]], bold: set[int]) -> None:
    """A sheet of `lines`; the line numbers in `bold` (from 0) are set in bold."""
    taken = {s.title.lower() for s in workbook.worksheets}
    sheet = workbook.create_sheet(sheet_title(title, taken))
    for number, line in enumerate(lines):
        sheet.append([safe(v) for v in line])
        if number in bold:
            for cell in sheet[number + 1]:
                cell.font = Font(bold=True)


def to_xlsx(sheets: list[tuple[str, list[list[Any]], set[int]]]) -> bytes:
    """A workbook with one sheet per (title, lines, bold line numbers)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, lines, bold in sheets:
        add_sheet(workbook, title, lines, bold)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_sheet(table: Table, filters: Filters) -> tuple[str, list[list[Any]], set[int]]:
    """A table's sheet: its title and the header line in bold."""
    lines = table_lines(table, filters)
    return str(table.title), lines, {0, len(filters) + 4}


def table_file(table: Table, filters: Filters, file_format: str) -> bytes:
    """One table as a CSV or XLSX file."""
    if file_format == "csv":
        return to_csv(table_lines(table, filters))
    return to_xlsx([table_sheet(table, filters)])
