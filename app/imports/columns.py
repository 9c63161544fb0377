"""The columns of each kind of file: their keys, and the Swedish and English header names.

Plain Python. A header is recognised in either language (or by its key), whatever the
language of the person uploading; the templates use the person's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.imports.vocab import ImportKind


@dataclass(frozen=True)
class Column:
    """One column of an import file."""

    key: str
    sv: str
    en: str
    required: bool = False
    example: str = ""
    aliases: tuple[str, ...] = ()

    def header(self, language: str) -> str:
        """The column's name in `language` ("sv" or "en")."""
        return self.sv if language == "sv" else self.en


REFERRAL_COLUMNS = (
    Column(
        "personal_number",
        "Personnummer",
        "Personal number",
        True,
        "19850412-1234",
        ("Personnummer eller samordningsnummer", "Personal identity or coordination number"),
    ),
    Column("first_name", "Förnamn", "First name", True, "Anna"),
    Column("last_name", "Efternamn", "Last name", True, "Andersson"),
    Column("phone", "Telefon", "Phone", False, "070-123 45 67"),
    Column("email", "E-post", "Email", False, "anna.andersson@example.org"),
    Column("source", "Källa", "Source", True, "social_services"),
    Column("referring_officer", "Remitterande handläggare", "Referring officer", False, "Eva Ek"),
    Column(
        "referrer_contact",
        "Handläggarens telefon eller e-post",
        "Referring officer's phone or email",
        False,
        "eva.ek@example.org",
    ),
    Column("referred_on", "Remissdatum", "Date of referral", True, "2026-11-02"),
    Column("reason", "Skäl till remissen", "Reason for the referral", True, "Försörjningsstöd"),
    Column("goal", "Mål", "Goal", False, "Arbete inom lokalvård"),
)

STAFF_COLUMNS = (
    Column("name", "Namn", "Name", True, "Karin Lund"),
    Column("email", "E-post", "Email", True, "karin.lund@example.org"),
    Column("roles", "Roller", "Roles", True, "coach"),
    Column("locale", "Språk", "Language", False, "sv"),
    Column("personal_number", "Personnummer", "Personal number", False, ""),
)

COLUMNS = {ImportKind.REFERRALS: REFERRAL_COLUMNS, ImportKind.STAFF: STAFF_COLUMNS}


def normalised(text: str) -> str:
    """A header or choice as compared: NFC, case-folded, spaces collapsed, no trailing colon."""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def names(kind: ImportKind) -> dict[str, str]:
    """Every accepted header name (normalised) → the column's key."""
    found = {}
    for column in COLUMNS[kind]:
        for name in (column.key, column.sv, column.en, *column.aliases):
            found[normalised(name)] = column.key
    return found


def column(kind: ImportKind, key: str) -> Column:
    """The column of `kind` with this key."""
    return next(c for c in COLUMNS[kind] if c.key == key)
