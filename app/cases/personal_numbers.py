"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Plain Python, so the rules can be tested without an application. A number is accepted with 10
or 12 digits, with or without `-` or `+`, and kept as 12 digits.
"""

from __future__ import annotations

import enum
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


def with_check_digit(first_eleven: str) -> str:
    """A 12-digit number completed with its check digit (for demo data and tests)."""
    return first_eleven + luhn.calc_check_digit(first_eleven[2:])


def search_digits(value: str) -> str | None:
    """The digits of a search term that looks like (part of) a personal number, else None."""
    digits = re.sub(r"[-+ ]", "", value or "")
    return digits if len(digits) >= 6 and digits.isdigit() else None
