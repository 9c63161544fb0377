"""The fixed vocabulary of imports (plain enums; their words live in `labels.py`)."""

from __future__ import annotations

import enum


class ImportKind(enum.StrEnum):
    """What a file brings in."""

    REFERRALS = "referrals"  # referrals to the municipality's inbox (coach, administrator)
    STAFF = "staff"  # staff accounts of the municipality (municipality administrator)


class ImportState(enum.StrEnum):
    """Where an uploaded file stands: read and shown, then imported (once)."""

    PREVIEWED = "previewed"
    IMPORTED = "imported"


class Refusal(enum.StrEnum):
    """Why a file, or its confirmation, is refused."""

    NO_FILE = "no_file"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_ROWS = "too_many_rows"
    NOT_UTF8 = "not_utf8"
    WINDOWS_1252 = "windows_1252"
    UTF16 = "utf16"
    NOT_TEXT = "not_text"
    NOT_WORKBOOK = "not_workbook"
    UNREADABLE_HEADER = "unreadable_header"
    MISSING_COLUMNS = "missing_columns"
    UNKNOWN_COLUMNS = "unknown_columns"
    DOUBLE_COLUMNS = "double_columns"
    NO_ROWS = "no_rows"
    HAS_ERRORS = "has_errors"
    NOT_CONFIRMED = "not_confirmed"
    CHANGED = "changed"
    EXPIRED = "expired"


class Problem(enum.StrEnum):
    """What is wrong with one row, beside what its form says."""

    SAME_NUMBER = "same_number"  # the same personal number as an earlier row
    SAME_EMAIL = "same_email"  # the same email as an earlier row
    EXTRA_VALUES = "extra_values"  # more values than the header has columns
    UNKNOWN_CHOICE = "unknown_choice"  # a source, role or language that is none of the choices
