"""The forms of the participant's sign-in and of the administrator's setting."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Email, Length

from app.forms import FlaskForm
from app.validators import no_control_characters


def _stripped(value):
    """Without the spaces a phone's keyboard adds."""
    return value.strip() if isinstance(value, str) else value


class AskCodeForm(FlaskForm):
    """The address a code is mailed to."""

    email = EmailField(
        _l("Your email address"),
        validators=[DataRequired(), Length(max=254), no_control_characters, Email()],
        filters=[_stripped],
    )


class MailCodeForm(FlaskForm):
    """The address and the code that came by mail."""

    email = EmailField(
        _l("Your email address"),
        validators=[DataRequired(), Length(max=254), no_control_characters, Email()],
        filters=[_stripped],
    )
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20), no_control_characters],
        description=_l("Six digits."),
        filters=[_stripped],
    )


class HandoverCodeForm(FlaskForm):
    """The code the coach read out."""

    code = StringField(
        _l("Code from your coach"),
        validators=[DataRequired(), Length(max=30), no_control_characters],
        description=_l("Ten letters and digits, for example ABCDE-12345."),
        filters=[_stripped],
    )


class SettingsForm(FlaskForm):
    """How the municipality's participants may sign in besides e-ID."""

    mail_codes = BooleanField(
        _l("Participants may sign in with a code sent by email"),
        description=_l(
            "The code goes to the email address the coach registered. Participants with "
            "protected identity or a reserve number never get one: they sign in with e-ID "
            "or with a code their coach gives them in person."
        ),
    )

    reader_names = BooleanField(
        _l("Participants see the names of the staff who read their data"),
        description=_l(
            "On My data, a participant sees who in the municipality has read their data: the "
            "role and the date. With this on, also the person's name."
        ),
    )
