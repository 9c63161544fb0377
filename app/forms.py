"""The fields and validators every area's forms share.

The choice fields (select, radio buttons, checkboxes):

A submitted value that is none of the field's choices, or that cannot be coerced to one (an
unknown enum value, a word for a number), is an error at the field in the user's language, and
stops the field's other validators: they may rely on a known value (`Role(v)`).
Forms import their choice fields from here, never from `wtforms` directly
(tests/test_fields.py checks it).

Forms derive from this module's `FlaskForm`: WTForms' own messages ("This field is required.",
"Not a valid integer value.") then come from Validera's catalogues in the user's language,
not from WTForms' Swedish catalogue, which is garbled ("kunde inte ceorce:a").
"""

from __future__ import annotations

from datetime import date

import flask_wtf
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from wtforms import fields, widgets
from wtforms.validators import Length, StopValidation, ValidationError

from app.db import today
from app.validators import no_control_characters

# WTForms' own message for a value it cannot coerce is garbled in its Swedish catalogue.
NOT_COERCED = _l("Choose one of the options shown.")
EARLIEST = date(1900, 1, 1)
LATEST_YEARS_AHEAD = 10


# WTForms' messages, so that tools/i18n.py puts them in the core catalogue. A plural message is
# two entries, singular and plural (Swedish chooses between them as English does).
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid input."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("'%(value)s' are not valid choices for this field."),
    _l("Field must be at least %(min)d character long."),
    _l("Field must be at least %(min)d characters long."),
    _l("Field cannot be longer than %(max)d character."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be exactly %(max)d character long."),
    _l("Field must be exactly %(max)d characters long."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be equal to %(other_name)s."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid IP address."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
)


class BabelTranslations:
    """WTForms' translations object, answered from the catalogues Flask-Babel loaded."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


TRANSLATIONS = BabelTranslations()


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form, with WTForms' own messages in the user's language."""

    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


class CheckedChoices:
    """Mixin: an unknown or uncoercible value is the field's one error, and ends its check."""

    def pre_validate(self, form) -> None:
        if self.process_errors:  # not coerced to a choice's type
            self.errors.clear()
            raise StopValidation(NOT_COERCED)
        if not self.raw_data:  # nothing sent: Optional() or a required validator decides
            return super().pre_validate(form)
        try:
            super().pre_validate(form)
        except ValidationError as exc:
            raise StopValidation(exc.args[0]) from exc


class SelectField(CheckedChoices, fields.SelectField):
    """A drop-down list of choices."""


class RadioField(CheckedChoices, fields.RadioField):
    """One choice among radio buttons."""


class SelectMultipleField(CheckedChoices, fields.SelectMultipleField):
    """Several choices in a list."""


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


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
