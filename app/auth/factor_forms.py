"""Forms of the second factor: a code, a password to confirm, the administrator's policy."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.forms import MultiCheckboxField
from app.labels import ROLE_LABELS
from app.validators import no_control_characters


def _code_field(description):
    return StringField(
        _l("Code"),
        description=description,
        validators=[
            DataRequired(_l("Type the code.")),
            Length(max=100),
            no_control_characters,
        ],
    )


class EnrolmentCodeForm(FlaskForm):
    """The first code from the authenticator app, which turns the factor on."""

    code = _code_field(_l("The six digits the app shows now."))


class SecondStepForm(FlaskForm):
    """The code that completes signing in."""

    code = _code_field(
        _l("The six digits your authenticator app shows now, or one of your recovery codes.")
    )
    next = HiddenField()


class ConfirmPasswordForm(FlaskForm):
    """The password, to confirm a change to the second factor."""

    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=1000)])


class PolicyForm(FlaskForm):
    """The roles that must sign in with a second factor."""

    roles = MultiCheckboxField(
        _l("Roles that must sign in with a second factor"),
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
    )
