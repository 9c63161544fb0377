"""Forms of the second factor: a code, a passkey's name and the browser's answer, a password to
confirm, the administrator's policy."""

import json

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.auth.ceremonies import NAME_LENGTH
from app.forms import FlaskForm, MultiCheckboxField
from app.labels import ROLE_LABELS
from app.validators import no_control_characters
from app.vocab import STAFF_ROLES


class _StepForm(FlaskForm):
    """A form of the second step or of the passkey script, which may come as a JSON body."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            """Flask-WTF reads a JSON body as the form's data, and fails on one that is not an
            object or is too deeply nested to read: that is read as an empty form, so the view
            says what is missing (JSON that does not parse at all stays a 400)."""
            try:
                return super().wrap_formdata(form, formdata)
            except (TypeError, ValueError, RecursionError):
                return ImmutableMultiDict()


# A JSON body's values need not be text.


def _only_text(value):
    """Text as sent; anything else (a list or an object in a JSON body) is no text."""
    return value if value is None or isinstance(value, str) else ""


def _text(value):
    """Text stripped, or no text."""
    value = _only_text(value)
    return value.strip() if value else value


def _code_field(description):
    return StringField(
        _l("Code"),
        description=description,
        filters=[_only_text],
        validators=[
            DataRequired(_l("Type the code.")),
            Length(max=100),
            no_control_characters,
        ],
    )


class EnrolmentCodeForm(FlaskForm):
    """The first code from the authenticator app, which turns the factor on."""

    code = _code_field(_l("The six digits the app shows now."))


class SecondStepForm(_StepForm):
    """The code that completes signing in."""

    code = _code_field(
        _l("The six digits your authenticator app shows now, or one of your recovery codes.")
    )
    next = HiddenField(filters=[_only_text])


def _json_text(value):
    """The key's answer as JSON text: the script sends it so; a JSON body may hold the object."""
    return value if value is None or isinstance(value, str) else json.dumps(value)


def _answer_field():
    """The browser's answer from the key (JSON), filled in by static/js/passkeys.js; whatever
    it holds, app/auth/ceremonies.py reads it or says why not."""
    return HiddenField(filters=[_json_text])


class PasskeyForm(_StepForm):
    """A new passkey or security key: its name, and the browser's answer when it was made."""

    name = StringField(
        _l("Name of the key"),
        description=_l(
            "So that you can tell your keys apart, for example “YubiKey at work” or “My phone”."
        ),
        filters=[_text],
        validators=[
            DataRequired(_l("Give the key a name.")),
            Length(max=NAME_LENGTH),
            no_control_characters,
        ],
    )
    credential = _answer_field()


class PasskeySignInForm(_StepForm):
    """The second step of logging in with a passkey or security key: the browser's answer."""

    credential = _answer_field()
    next = HiddenField(filters=[_only_text])


class ConfirmPasswordForm(FlaskForm):
    """The password, to confirm a change to the second factor."""

    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=1000)])


class PolicyForm(FlaskForm):
    """The roles that must sign in with a second factor."""

    roles = MultiCheckboxField(
        _l("Roles that must sign in with a second factor"),
        choices=[(role.value, ROLE_LABELS[role]) for role in STAFF_ROLES],
    )
