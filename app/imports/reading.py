"""Reading an uploaded CSV or XLSX file into a header and rows of text. Plain Python.

Every cell is read as text and nothing in it is ever run: a CSV file is text, and a workbook
is read without evaluating anything (a formula cell gives its formula as written, "=1+1",
never a result). What cannot be read is refused with one `Refused(code, field="file")`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

import filetype

from app.imports.columns import COLUMNS, names, normalised
from app.imports.vocab import ImportKind, Refusal
from app.refusals import Refused

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_UNPACKED = 200 * 1024 * 1024  # a workbook's parts unpacked: more is a zip bomb, not a list
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DELIMITERS = (";", ",")
# Letters that are two bytes in UTF-8 but one in Windows-1252 (ANSI), as Excel's "CSV" writes.
WINDOWS_LETTERS = set("åäöÅÄÖéÉüÜ")


@dataclass
class Sheet:
    """What a file holds: the column key of each position, and the rows with their numbers
    as the person sees them in their spreadsheet (the header is row 1)."""

    keys: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    overfull: set[int] = field(default_factory=set)  # rows with more values than columns


def refuse(code: Refusal, **params) -> Refused:
    return Refused(code, field="file", **params)


def read(content: bytes, file_name: str, kind: ImportKind) -> Sheet:
    """The header and rows of an uploaded file, or Refused saying why it cannot be read."""
    if not content:
        raise refuse(Refusal.EMPTY)
    if len(content) > MAX_BYTES:
        raise refuse(Refusal.TOO_LARGE)
    if content[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm")):
        return _sheet(_workbook_lines(content), kind)
    return _sheet(_csv_lines(_text(content), kind), kind)


# --- text files --------------------------------------------------------------------------


def _text(content: bytes) -> str:
    """UTF-8, with or without a byte-order mark; anything else is refused, saying what it is."""
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise refuse(Refusal.UTF16)
    if b"\x00" in content[:8192] or filetype.guess(content[:8192]) is not None:
        raise refuse(Refusal.NOT_TEXT)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        raise refuse(Refusal.NOT_UTF8) from None
    if WINDOWS_LETTERS & set(text):
        raise refuse(Refusal.WINDOWS_1252)
    raise refuse(Refusal.NOT_UTF8)


def _csv_lines(text: str, kind: ImportKind) -> list[list[str]]:
    """The lines split at the delimiter whose header names the most known columns."""
    if not text.strip():
        raise refuse(Refusal.EMPTY)
    first = text.lstrip("\r\n").splitlines()[0]
    known = names(kind)
    best, hits = None, 0
    for delimiter in DELIMITERS:
        header = next(csv.reader([first], delimiter=delimiter), [])
        found = sum(1 for cell in header if normalised(cell) in known)
        if found > hits:
            best, hits = delimiter, found
    if best is None:
        raise refuse(Refusal.UNREADABLE_HEADER)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=best, strict=False))


# --- workbooks ---------------------------------------------------------------------------


def _workbook_lines(content: bytes) -> list[list[str]]:
    """The first sheet's lines as text; formulas as written, never evaluated."""
    from openpyxl import load_workbook

    if filetype.guess_mime(content[:8192]) != XLSX_TYPE or not _sound_zip(content):
        raise refuse(Refusal.NOT_WORKBOOK)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        lines = []
        for values in sheet.iter_rows(values_only=True):
            lines.append([_cell_text(v) for v in values])
            if len(lines) > MAX_ROWS + 1:
                break
        workbook.close()
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise refuse(Refusal.NOT_WORKBOOK) from exc
    return lines


def _sound_zip(content: bytes) -> bool:
    """A zip archive that unpacks to a sensible size."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist()) <= MAX_UNPACKED
    except (zipfile.BadZipFile, ValueError):
        return False


def _cell_text(value) -> str:
    """A workbook cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- header and rows ---------------------------------------------------------------------


def _sheet(lines: list[list[str]], kind: ImportKind) -> Sheet:
    lines = [line for line in lines]
    while lines and not any(cell.strip() for cell in lines[0]):
        lines.pop(0)
    if not lines:
        raise refuse(Refusal.EMPTY)
    keys = _header(lines[0], kind)
    sheet = Sheet(keys)
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        if len(sheet.rows) == MAX_ROWS:
            raise refuse(Refusal.TOO_MANY_ROWS, limit=MAX_ROWS)
        if any(cell.strip() for cell in line[len(keys) :]):
            sheet.overfull.add(number)
        values = {key: (line[i] if i < len(line) else "").strip() for i, key in enumerate(keys)}
        sheet.rows.append((number, values))
    if not sheet.rows:
        raise refuse(Refusal.NO_ROWS)
    return sheet


def _header(cells: list[str], kind: ImportKind) -> list[str]:
    """The column key of each header cell (trailing empty cells dropped); refused when a
    column is unknown, named twice, or a required one is missing (each named)."""
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    known = names(kind)
    unknown = [cell.strip() or "–" for cell in cells if normalised(cell) not in known]
    if unknown:
        if not any(normalised(cell) in known for cell in cells):
            raise refuse(Refusal.UNREADABLE_HEADER)
        raise refuse(Refusal.UNKNOWN_COLUMNS, kind=kind.value, columns=unknown)
    keys = [known[normalised(cell)] for cell in cells]
    double = sorted({key for key in keys if keys.count(key) > 1})
    if double:
        raise refuse(Refusal.DOUBLE_COLUMNS, kind=kind.value, columns=double)
    missing = [c.key for c in COLUMNS[kind] if c.required and c.key not in keys]
    if missing:
        raise refuse(Refusal.MISSING_COLUMNS, kind=kind.value, columns=missing)
    return keys
