"""The choice fields of every form (select, radio buttons, checkboxes).

A submitted value that is none of the field's choices, or that cannot be coerced to one (an
unknown enum value, a word for a number), is an error at the field in the user's language, and
stops the field's other validators: they may rely on a known value (`Role(v)`).
Forms import their choice fields from here, never from `wtforms` directly
(tests/test_fields.py checks it).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import fields, widgets
from wtforms.validators import StopValidation, ValidationError

# WTForms' own message for a value it cannot coerce is garbled in its Swedish catalogue.
NOT_COERCED = _l("Choose one of the options shown.")


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
