"""Forms of the imports area: the upload and the confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField

from app.forms import FlaskForm


class UploadForm(FlaskForm):
    """A CSV or XLSX file (the file's own problems are told at the field by the service)."""

    file = FileField(
        _l("File (CSV or XLSX)"),
        description=_l(
            "UTF-8 CSV with semicolons or commas between the columns, or an Excel workbook "
            "(.xlsx); at most 20 MB and 50 000 rows."
        ),
    )


class ConfirmForm(FlaskForm):
    """Import the previewed file; when numbers are already registered, the person says the
    referrals are for those participants."""

    attach = BooleanField(
        _l("The referrals are for the registered participants shown above: attach them to them.")
    )
    registered = HiddenField()

    def seen_registered(self) -> int | None:
        """How many registered participants the preview showed, as the page says."""
        value = self.registered.data or ""
        return int(value) if value.isdigit() and len(value) < 7 else None
