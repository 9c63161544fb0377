"""What people read for the imports area's codes: kinds, refusals and row problems."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.imports.columns import column
from app.imports.vocab import ImportKind, ImportState, Problem, Refusal

KINDS = {ImportKind.REFERRALS: _l("Referrals"), ImportKind.STAFF: _l("Staff accounts")}
STATES = {
    ImportState.PREVIEWED: _l("Waiting for confirmation"),
    ImportState.IMPORTED: _l("Imported"),
}
PROTECTED = _l("Protected identity")


def language() -> str:
    """The person's language for column names: "sv" or "en"."""
    return "en" if str(get_locale() or "sv").startswith("en") else "sv"


def header(kind: ImportKind, key: str) -> str:
    """A column's name in the person's language."""
    return column(kind, key).header(language())


def _columns(kind: str, columns: list[str]) -> str:
    return ", ".join(f"”{header(ImportKind(kind), key)}”" for key in columns)


REFUSALS = {
    Refusal.NO_FILE: _l("Choose a CSV or XLSX file."),
    Refusal.EMPTY: _l("The file is empty."),
    Refusal.TOO_LARGE: _l("The file is larger than 20 MB. Split it into smaller files."),
    Refusal.TOO_MANY_ROWS: _l(
        "The file has more than %(limit)s rows. Split it into smaller files."
    ),
    Refusal.NOT_UTF8: _l(
        "The file is not in UTF-8. Save it as “CSV UTF-8” (in Excel: Save as, CSV UTF-8)."
    ),
    Refusal.WINDOWS_1252: _l(
        "The file is in Windows-1252 (ANSI), not UTF-8, so å, ä and ö would be wrong. "
        "Save it as “CSV UTF-8” (in Excel: Save as, CSV UTF-8)."
    ),
    Refusal.UTF16: _l("The file is in UTF-16 (“Unicode text”). Save it as “CSV UTF-8”."),
    Refusal.NOT_TEXT: _l("The file is neither a CSV file nor an XLSX workbook."),
    Refusal.NOT_WORKBOOK: _l(
        "The file is not a readable XLSX workbook. Save it again from Excel as “Excel "
        "workbook (.xlsx)”, or as “CSV UTF-8”."
    ),
    Refusal.UNREADABLE_HEADER: _l(
        "The first row cannot be read as the column names. Separate the columns with "
        "semicolons (;) or commas (,) and start with the header row of the template."
    ),
    Refusal.MISSING_COLUMNS: lambda kind, columns: (
        _("Columns missing: %(names)s.") % {"names": _columns(kind, columns)}
    ),
    Refusal.UNKNOWN_COLUMNS: lambda kind, columns: (
        _("Unknown columns: %(names)s. Use the column names of the template.")
        % {"names": ", ".join(f"”{name}”" for name in columns)}
    ),
    Refusal.DOUBLE_COLUMNS: lambda kind, columns: (
        _("Columns named twice: %(names)s.") % {"names": _columns(kind, columns)}
    ),
    Refusal.NO_ROWS: _l("The file has column names but no rows."),
    Refusal.HAS_ERRORS: _l(
        "Nothing was imported: correct the rows with errors in the file and upload it again."
    ),
    Refusal.NOT_CONFIRMED: _l(
        "Tick that the referrals are for the registered participants shown, or correct the "
        "numbers in the file and upload it again."
    ),
    Refusal.CHANGED: _l(
        "Something changed since the preview (a number or an email was registered "
        "meanwhile). Nothing was imported: upload the file again."
    ),
    Refusal.EXPIRED: _l("The upload has expired. Upload the file again."),
}

PROBLEMS = {
    Problem.SAME_NUMBER: _l("The same personal number as row %(row)s."),
    Problem.SAME_EMAIL: _l("The same email as row %(row)s."),
    Problem.EXTRA_VALUES: _l(
        "The row has more values than there are columns (a semicolon or comma too many?)."
    ),
    Problem.UNKNOWN_CHOICE: _l("“%(value)s” is not one of: %(choices)s."),
}
