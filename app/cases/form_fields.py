"""Validators and field helpers shared by the cases area's forms."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, ValidationError

from app.cases import labels
from app.cases.personal_numbers import InvalidPersonalNumber, parse
from app.db import today
from app.validators import no_control_characters

TEXT_MAX = 5000
EARLIEST = date(1900, 1, 1)
LATEST_YEARS_AHEAD = 10


def free_text(max_length: int) -> list:
    """The validators of a free-text field: a maximum length and no control characters."""
    return [Length(max=max_length), no_control_characters]


def enum_coerce(enum_cls):
    """Coerce a submitted value to `enum_cls`, the empty choice to None."""

    def coerce(value):
        if value in ("", None):
            return None
        return value if isinstance(value, enum_cls) else enum_cls(value)

    return coerce


def enum_choices(label_map: dict, blank=None) -> list:
    """Choices keyed by enum member, optionally after an empty choice."""
    items = list(label_map.items())
    return [("", blank), *items] if blank is not None else items


def personal_number(form, field) -> None:
    """A valid personal identity or coordination number; `field.parsed` keeps it."""
    try:
        field.parsed = parse(field.data or "", today())
    except InvalidPersonalNumber as exc:
        field.parsed = None
        raise ValidationError(labels.NUMBER_PROBLEMS[exc.problem]) from exc


def plausible_date(future: bool = True):
    """A date between 1900 and ten years ahead (not after today when `future` is False)."""

    def check(form, field) -> None:
        value = field.data
        if value is None:
            return
        latest = today() if not future else date(today().year + LATEST_YEARS_AHEAD, 12, 31)
        if value < EARLIEST:
            raise ValidationError(_l("The date is too far back."))
        if value > latest:
            raise ValidationError(
                _l("The date cannot be in the future.")
                if not future
                else _l("The date is too far ahead.")
            )

    return check
