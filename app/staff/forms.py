"""The form a manager refers one of their own staff with."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.cases.forms import TEXT_MAX, email_field, name_field, personal_number, phone_field
from app.forms import FlaskForm, free_text


class StaffReferralForm(FlaskForm):
    """The employee, the goal of the validation, why, and the employee's consent."""

    personal_number = StringField(
        _l("Personal identity or coordination number"),
        validators=[DataRequired(), Length(max=20), personal_number],
        description=_l("10 or 12 digits, e.g. 19850412-1234."),
    )
    first_name = name_field(_l("First name"))
    last_name = name_field(_l("Last name"))
    phone = phone_field()
    email = email_field()
    goal = StringField(
        _l("Goal of the validation"),
        validators=[DataRequired(), *free_text(200)],
        description=_l("The occupation or framework aimed at, e.g. undersköterska."),
    )
    reason = TextAreaField(
        _l("Why the employee should be validated"),
        validators=[DataRequired(), *free_text(TEXT_MAX)],
    )
    referrer_contact = StringField(
        _l("Your phone or email"), validators=[Optional(), *free_text(200)]
    )
    consent = BooleanField(
        _l("The employee consents that I follow their progress"),
        validators=[DataRequired(message=_l("The employee's consent is needed."))],
        description=_l(
            "You will see the stage, the units achieved and the certificate, nothing else. "
            "The employee may withdraw the consent at any time through their coach."
        ),
    )
