"""Login, terms and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.auth.services import MIN_PASSWORD_LENGTH
from app.forms import FlaskForm, SelectField
from app.validators import no_control_characters


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=254), no_control_characters]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])
    next = HiddenField()


class TermsForm(FlaskForm):
    """Acceptance of the terms of use and the data-protection rules."""

    accept = BooleanField(
        _l("I have read and accept the terms of use and the data-protection rules"),
        validators=[DataRequired(_l("You must accept the terms to use Validera."))],
    )
    next = HiddenField()


class LanguageForm(FlaskForm):
    """The interface language."""

    language = SelectField(
        _l("Language"), choices=[("sv", "Svenska"), ("en", "English")], validate_choice=True
    )
    next = HiddenField()


class NewPasswordForm(FlaskForm):
    """A new password, typed twice (the password rules of every way to set one)."""

    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1000)],
    )
    repeat_password = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The passwords do not match.")),
        ],
    )


class FirstPasswordForm(NewPasswordForm):
    """The first password of a new account, chosen by its welcome link."""

    new_password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1000)],
        description=_l("At least 12 characters."),
    )
    repeat_password = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The passwords do not match.")),
        ],
    )


class PasswordChangeForm(NewPasswordForm):
    """A user changes their own password."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])


def _stripped(value):
    """Without the spaces a phone's keyboard adds."""
    return value.strip() if isinstance(value, str) else value


class ForgotPasswordForm(FlaskForm):
    """The address of the account whose password is forgotten."""

    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Length(max=254), no_control_characters, Email()],
        filters=[_stripped],
    )
