"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Plain Python, so the rules can be tested without an application. A number is accepted with 10
or 12 digits, with or without `-` or `+`, and kept as 12 digits.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from stdnum import luhn

_SHAPE = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$")
COORDINATION_OFFSET = 60  # a coordination number's day is the day of birth plus 60


class Problem(enum.StrEnum):
    """Which part of a number is wrong."""

    FORMAT = "format"
    DATE = "date"
    FUTURE = "future"
    CHECK_DIGIT = "check_digit"


class InvalidPersonalNumber(ValueError):
    """The number is refused; `problem` says which part is wrong."""

    def __init__(self, problem: Problem):
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class PersonalNumber:
    """A valid number: twelve digits, whether it is a coordination number, and the birth date."""

    digits: str
    is_coordination: bool
    birth_date: date

    def masked(self) -> str:
        """`19850412-****`: the date part only."""
        return mask(self.digits)


def mask(digits: str) -> str:
    """The date part of a stored 12-digit number followed by `-****`."""
    return f"{digits[:8]}-****"


def birth_date(digits: str) -> date:
    """The date of birth in a stored 12-digit number (a coordination number's day less 60)."""
    day = int(digits[6:8])
    day -= COORDINATION_OFFSET if day > COORDINATION_OFFSET else 0
    return date(int(digits[:4]), int(digits[4:6]), day)


def formatted(digits: str) -> str:
    """A stored 12-digit number written the usual way: `19850412-1234`."""
    return f"{digits[:8]}-{digits[8:]}"


def _real_date(year: int, month: int, day: int) -> tuple[date, bool] | None:
    for offset, coordination in ((0, False), (COORDINATION_OFFSET, True)):
        if day - offset < 1:
            continue
        try:
            return date(year, month, day - offset), coordination
        except ValueError:
            continue
    return None


def _birth(head: str, plus: bool, today: date) -> tuple[int, tuple[date, bool] | None]:
    """The full year and the real (birth date, coordination) of the date part, if any.

    A 10-digit number names the latest century that is not in the future; `+` adds 100 years.
    """
    month, day = int(head[-4:-2]), int(head[-2:])
    if len(head) == 8:
        year = int(head[:4])
        return year, _real_date(year, month, day)
    year = today.year - (today.year - int(head[:2])) % 100
    found = _real_date(year, month, day)
    if found is not None and found[0] > today:
        year -= 100
    if plus:
        year -= 100
    return year, _real_date(year, month, day)


def parse(value: str, today: date | None = None) -> PersonalNumber:
    """The valid number in `value`, or InvalidPersonalNumber saying what is wrong."""
    today = today or date.today()
    match = _SHAPE.match((value or "").strip().replace(" ", ""))
    if not match:
        raise InvalidPersonalNumber(Problem.FORMAT)
    head, sign, tail = match.groups()
    year, found = _birth(head, sign == "+", today)
    if found is None:
        raise InvalidPersonalNumber(Problem.DATE)
    born, coordination = found
    if born > today:
        raise InvalidPersonalNumber(Problem.FUTURE)
    ten = f"{head[-6:]}{tail}"
    if not luhn.is_valid(ten):
        raise InvalidPersonalNumber(Problem.CHECK_DIGIT)
    return PersonalNumber(f"{year:04d}{ten[2:]}", coordination, born)


RESERVE_PREFIX = "R"


def reserve_number(municipality_code: str, sequence: int) -> str:
    """A reserve number (reservnummer) for a person without a Swedish personal or coordination
    number: `R`, the municipality's four-digit code, a dash and a six-digit sequence number of
    the municipality, `R2280-000001`. Twelve characters like a stored personal number, but it
    starts with a letter and has its dash where no personal number has one, so no search by
    digits or by date of birth can ever match it."""
    return f"{RESERVE_PREFIX}{municipality_code}-{sequence:06d}"


def is_reserve(value: str) -> bool:
    """True for a reserve number (it starts with the letter every reserve number has)."""
    return value.startswith(RESERVE_PREFIX)


def with_check_digit(first_eleven: str) -> str:
    """A 12-digit number completed with its check digit (for demo data and tests)."""
    return first_eleven + luhn.calc_check_digit(first_eleven[2:])


class SearchKind(enum.StrEnum):
    """What a search by digits may find someone by."""

    NUMBER = "number"  # a complete, valid personal or coordination number
    BIRTH_DATE = "birth_date"  # the date part every viewer sees: YYYYMMDD or YYMMDD
    REFUSED = "refused"  # any other digits (a prefix, a wrong check digit): nobody


@dataclass(frozen=True)
class NumberSearch:
    """A search term made of digits, and what it may be matched against.

    `digits`: the 12 stored digits (NUMBER), the 8 or 6 digits of the date (BIRTH_DATE), or the
    digits as typed (REFUSED).
    """

    kind: SearchKind
    digits: str

    def masked(self) -> str:
        """What the access log may hold of the term: never more than the date part."""
        if self.kind is SearchKind.NUMBER:
            return mask(self.digits)
        if self.kind is SearchKind.BIRTH_DATE:
            return self.digits
        return self.digits[:6] + "*" * (len(self.digits) - 6)


def _is_date_part(digits: str) -> bool:
    """YYYYMMDD or YYMMDD of a real date (or a coordination number's day + 60); a YYMMDD in
    either of the last two centuries."""
    month, day = int(digits[-4:-2]), int(digits[-2:])
    years = (
        [int(digits[:4])] if len(digits) == 8 else [1900 + int(digits[:2]), 2000 + int(digits[:2])]
    )
    return any(_real_date(year, month, day) is not None for year in years)


def classify(value: str, today: date | None = None) -> NumberSearch | None:
    """What a search term may find, when it looks like (part of) a number; else None.

    Only a complete, valid number or the date part finds anyone: a prefix of a number (its
    date and some of its last four digits) would let a searcher learn a number digit by digit.
    """
    text = re.sub(r"[-+ ]", "", value or "")
    if len(text) < 6 or not text.isdigit():
        return None
    today = today or date.today()
    if len(text) in (10, 12):
        try:
            return NumberSearch(SearchKind.NUMBER, parse(value, today).digits)
        except InvalidPersonalNumber:
            return NumberSearch(SearchKind.REFUSED, text)
    if len(text) in (6, 8) and _is_date_part(text):
        return NumberSearch(SearchKind.BIRTH_DATE, text)
    return NumberSearch(SearchKind.REFUSED, text)


def search_digest(secret: str, search: NumberSearch) -> str:
    """A keyed hash of the searched digits, for the access log: the same term gives the same
    digest (a reviewer holding the key can check whether a given number was searched), and
    nobody without the key can compute the number from it."""
    message = f"number-search:{search.kind.value}:{search.digits}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]
