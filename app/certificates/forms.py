"""Forms of the certificates area: issue, revoke, and the public verification forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.certificates import numbering
from app.certificates.credentials.vcjwt import MAX_TOKEN_LENGTH
from app.certificates.labels import REASON_LABELS
from app.certificates.vocab import RevocationReason
from app.forms import FlaskForm, RadioField, SelectField
from app.organisations.models import DISPLAY_NAME_LENGTH
from app.validators import no_control_characters


class IssueForm(FlaskForm):
    """Issue a certificate; optionally as the correction of a revoked one."""

    replaces = SelectField(
        _l("Corrects a revoked certificate"),
        coerce=lambda value: int(value) if value not in (None, "", "None") else None,
        validators=[Optional()],
        description=_l("Choose the revoked certificate this one corrects, if any."),
    )

    def __init__(self, revoked=(), **kwargs):
        super().__init__(**kwargs)
        self.replaces.choices = [(None, _l("None: a new certificate"))] + [
            (c.id, c.number) for c in revoked
        ]


class RevokeForm(FlaskForm):
    """Revoke a certificate: a reason category and an explanation."""

    reason = RadioField(
        _l("Reason"),
        choices=list(REASON_LABELS.items()),
        coerce=lambda value: RevocationReason(value) if value else None,
        validators=[DataRequired(message=_l("Choose the reason for revoking."))],
    )
    note = TextAreaField(
        _l("Explanation"),
        validators=[
            DataRequired(message=_l("Explain why the certificate is revoked.")),
            Length(max=2000),
            no_control_characters,
        ],
        description=_l("Kept with the certificate for staff; not shown publicly."),
    )


def _code(form, field) -> None:
    field.data = (field.data or "").strip()
    if numbering.normalise_short_code(field.data) is None and not numbering.is_code(field.data):
        raise ValidationError(
            _l("The verification code has 12 letters and digits, e.g. 7KQ4-M2XH-9RTC.")
        )


def _number(form, field) -> None:
    normalised = numbering.normalise_number(field.data)
    if normalised is None:
        raise ValidationError(_l("A certificate number looks like VAL-2026-000123."))
    field.data = normalised


class LookupForm(FlaskForm):
    """Check a certificate by its number and verification code, as printed on it."""

    number = StringField(
        _l("Certificate number"),
        validators=[DataRequired(message=_l("Enter the certificate number.")), _number],
        description=_l("For example VAL-2026-000123."),
    )
    code = StringField(
        _l("Verification code"),
        validators=[DataRequired(message=_l("Enter the verification code.")), _code],
        description=_l(
            "Printed beside the QR code, e.g. 7KQ4-M2XH-9RTC. Upper or lower case, with or "
            "without dashes."
        ),
    )


class CredentialForm(FlaskForm):
    """Check a digital credential: pasted, or uploaded as the downloaded file."""

    token = TextAreaField(
        _l("Paste the credential"),
        validators=[Optional(), Length(max=MAX_TOKEN_LENGTH), no_control_characters],
        description=_l("The content of the downloaded .jwt file."),
    )
    upload = FileField(_l("Or choose the file"))

    def credential_text(self) -> str | None:
        """The pasted text, else the uploaded file's text; None if neither or unreadable."""
        if self.token.data and self.token.data.strip():
            return self.token.data
        upload = self.upload.data
        if upload is None or not getattr(upload, "filename", ""):
            return None
        raw = upload.read(MAX_TOKEN_LENGTH + 1)
        try:
            return raw.decode("utf-8") if len(raw) <= MAX_TOKEN_LENGTH else "\x00"
        except UnicodeDecodeError:
            return "\x00"  # not text: the check reports that it is no credential


class AppearanceForm(FlaskForm):
    """How the municipality's certificates name it and show its logo."""

    display_name = StringField(
        _l("Name on certificates"),
        validators=[
            DataRequired(message=_l("Enter the name certificates give the municipality.")),
            Length(max=DISPLAY_NAME_LENGTH),
            no_control_characters,
        ],
        description=_l("As it is written, e.g. Härnösands kommun."),
    )
    logo = FileField(
        _l("Logo"),
        description=_l("PNG or JPEG, at most 1 MB. Printed at the top of every new certificate."),
    )
    remove_logo = BooleanField(_l("Remove the logo"))
