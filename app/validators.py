"""Field validators shared by the areas' forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from stdnum.exceptions import ValidationError as NumberError
from stdnum.se import orgnr
from wtforms import validators
from wtforms.validators import ValidationError


def normalise_org_number(value: str) -> str:
    """Ten digits of a valid Swedish organisation number, or ValidationError."""
    digits = (value or "").replace("-", "").replace(" ", "").strip()
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(_l("An organisation number has ten digits, e.g. 556036-0793."))
    try:
        return orgnr.validate(digits)
    except NumberError as exc:
        raise ValidationError(
            _l("The check digit is wrong: check the organisation number.")
        ) from exc


def org_number(form, field) -> None:
    """WTForms validator: a Swedish organisation number with a correct Luhn check digit."""
    field.data = normalise_org_number(field.data)


def no_control_characters(form, field) -> None:
    """Refuse NUL and other control characters that have no place in text."""
    value = field.data
    if isinstance(value, str) and any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValidationError(_l("The text contains characters that are not allowed."))


def one_line(form, field) -> None:
    """Refuse line breaks and other control characters: the text goes into one line (a mail
    header)."""
    value = field.data
    if isinstance(value, str) and any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValidationError(_l("Write it on one line, without special characters."))


def at_most_lines(count: int):
    """A validator: a text of at most `count` lines."""

    def check(form, field) -> None:
        if isinstance(field.data, str) and len(field.data.strip().splitlines()) > count:
            raise ValidationError(_l("Write at most %(count)s lines.", count=count))

    return check


class NumberRange(validators.NumberRange):
    """WTForms' NumberRange, refusing integers too large for a float instead of failing.

    The base class calls math.isnan(), which raises OverflowError on a 400-digit integer.
    """

    def __call__(self, form, field) -> None:
        if isinstance(field.data, int) and abs(field.data) > 2**53:
            field.data = None  # out of every range: the base class gives its usual message
        super().__call__(form, field)
