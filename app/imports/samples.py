"""The downloadable templates: the header row and one example row of each kind of file, in
the person's language, as CSV (UTF-8, semicolons) or XLSX."""

from __future__ import annotations

from flask_babel import force_locale

from app.cases.personal_numbers import formatted, with_check_digit
from app.db import today
from app.imports.columns import COLUMNS
from app.imports.vocab import ImportKind
from app.reports.exports import plain_lines, to_csv, to_xlsx


def _examples(kind: ImportKind) -> dict[str, str]:
    """Example values that pass the checks of their kind (in the current language)."""
    if kind is ImportKind.REFERRALS:
        from app.cases.labels import SOURCES
        from app.cases.vocab import ReferralSource

        return {
            "personal_number": formatted(with_check_digit("19850412123")),
            "source": str(SOURCES[ReferralSource.SOCIAL_SERVICES]),
            "referred_on": today().isoformat(),
        }
    from app.labels import ROLE_LABELS
    from app.vocab import Role

    return {"roles": str(ROLE_LABELS[Role.COACH])}


def template_file(kind: ImportKind, language: str, file_format: str) -> bytes:
    """The template of `kind` with its column names in `language` ("sv" or "en")."""
    with force_locale(language):
        examples = _examples(kind)
    headers = [column.header(language) for column in COLUMNS[kind]]
    example = [examples.get(column.key, column.example) for column in COLUMNS[kind]]
    lines = plain_lines(headers, [example])
    if file_format == "csv":
        return to_csv(lines)
    return to_xlsx([(str(kind.value), lines, {0})])
