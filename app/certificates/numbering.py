"""Certificate numbers (`VAL-2026-000123`) and verification codes.

Two codes: the long one in the QR code's address (`/verify/<code>`), and a short one a
person can type (`7KQ4-M2XH-9RTC`): Crockford's base32, without I, L, O and U, read back
case-insensitively with spaces and dashes ignored and O, I, L taken as 0, 1, 1.

Numbers count up per year from a row of `certificate_sequences` that is locked (SELECT … FOR
UPDATE) while a number is taken, so two people issuing at once on PostgreSQL never get the
same number; the unique constraint on `certificates.number` is the last guard.
"""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.certificates.models import CertificateSequence
from app.extensions import db

PREFIX = "VAL"
NUMBER = re.compile(r"^VAL-(\d{4})-(\d{6})$")
CODE = re.compile(r"^[A-Za-z0-9_-]{32}$")
CODE_BYTES = 24  # 192 random bits, 32 URL-safe characters
SHORT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
SHORT_LENGTH = 12  # 60 random bits; the public checks are rate-limited per address
SHORT_GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def format_number(year: int, serial: int) -> str:
    """`VAL-2026-000123`."""
    return f"{PREFIX}-{year:04d}-{serial:06d}"


def normalise_number(value: str | None) -> str | None:
    """A number as typed (spaces, lower case) in its stored form, or None if it is no number."""
    cleaned = re.sub(r"\s+", "", value or "").upper()
    return cleaned if NUMBER.match(cleaned) else None


def is_code(value: str | None) -> bool:
    """True when `value` has the shape of a verification code."""
    return bool(CODE.match(value or ""))


def new_code() -> str:
    """An unguessable verification code for the public verification page."""
    return secrets.token_urlsafe(CODE_BYTES)


def new_short_code() -> str:
    """A fresh short code: 12 characters of Crockford base32, stored without dashes."""
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def group_code(code: str) -> str:
    """`7KQ4M2XH9RTC` → `7KQ4-M2XH-9RTC`, as printed."""
    return "-".join(code[i : i + SHORT_GROUP] for i in range(0, len(code), SHORT_GROUP))


def normalise_short_code(value: str | None) -> str | None:
    """A short code as typed (any case, spaces, dashes, O for 0) in its stored form, or None."""
    cleaned = re.sub(r"[\s\-\u2010-\u2015]+", "", value or "").upper().translate(_READ_AS)
    if len(cleaned) != SHORT_LENGTH or any(c not in SHORT_ALPHABET for c in cleaned):
        return None
    return cleaned


def _locked_sequence(session: Session, year: int) -> CertificateSequence | None:
    query = sa.select(CertificateSequence).where(CertificateSequence.year == year)
    return session.scalar(query.with_for_update())


def next_number(year: int, session: Session | None = None) -> str:
    """Take the next number of `year`; the row stays locked until the transaction ends."""
    session = session or db.session
    sequence = _locked_sequence(session, year)
    if sequence is None:
        try:
            with session.begin_nested():
                session.add(CertificateSequence(year=year, last_number=0))
        except IntegrityError:
            pass  # someone else started the year at the same moment; use their row
        sequence = _locked_sequence(session, year)
    sequence.last_number += 1
    session.flush()
    return format_number(year, sequence.last_number)
