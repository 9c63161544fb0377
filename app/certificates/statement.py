"""What a certificate states, in plain data: the PDF is drawn from this and nothing else.

Plain Python (no Flask, no SQLAlchemy), so the layout can be tested on its own; `wording.py`
fills it from a stored certificate in Swedish or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class UnitLine:
    """One unit as printed: code, title, level, credits and its learning outcomes."""

    code: str
    title: str
    level: str
    credits: str
    outcomes: tuple[str, ...] = ()  # each a full sentence (`wording.outcome_sentence`)


@dataclass(frozen=True)
class Statement:
    """Every text of one certificate in one language, ready to be laid out."""

    language: str
    number: str
    verify_url: str
    issued_at: datetime  # the PDF's creation date, so that the file never changes
    issuer: str
    heading: str
    subheading: str
    certify: str
    holder_name: str
    born: str
    shown: str
    framework: str
    framework_details: str
    columns: tuple[str, str, str]
    units: tuple[UnitLine, ...]
    outcomes_label: str
    total_label: str  # unused by the layout since the total moved to the credits column
    total: str  # "Totalt 7 poäng", in the credits column of the totals row
    issued: str
    signatures: tuple[tuple[str, str], ...]  # (role, names)
    check_heading: str
    check_text: str
    number_label: str
    page_label: str  # "Page %(page)s" with the page number filled in by the layout
    short_code: str = ""  # `7KQ4-M2XH-9RTC`, printed beside the QR code
    short_code_label: str = ""
    lookup_text: str = ""  # where to type the number and the code
    total_hours: str = ""  # "Motsvarar 70 timmars lärande", beside the total
    logo: bytes | None = None  # the issuing municipality's logo (PNG or JPEG)
    notes: tuple[str, ...] = ()  # e.g. that the certificate replaces a revoked one
    revoked: str | None = None  # the revocation notice on a revoked copy
    revoked_stamp: str = ""
    preview_stamp: str = ""  # "FÖRHANDSGRANSKNING" across a preview that is not issued
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, subject, keywords
