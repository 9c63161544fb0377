"""Forms of single sign-on: a municipality's rules and its identity providers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from app.auth.federation import SECRET_REF
from app.auth.labels import MATCH_ON_LABELS, UNKNOWN_PERSON_LABELS
from app.auth.vocab import MatchOn, UnknownPerson
from app.forms import FlaskForm, RadioField, enum_choices, enum_coerce
from app.validators import no_control_characters

MAX_METADATA = 2 * 1024 * 1024  # bytes of an identity provider's metadata file
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def provider_url(form, field) -> None:
    """An https address (plain http only on this machine, for a provider under test)."""
    if not field.data:
        return
    parts = urlsplit(field.data.strip())
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return
    raise ValidationError(_l("Give an address that begins with https://."))


class SignInSettingsForm(FlaskForm):
    """The municipality's rules: unknown people, and whether passwords still work."""

    unknown_person = RadioField(
        _l("A person the login vouches for who has no account"),
        choices=enum_choices(UNKNOWN_PERSON_LABELS),
        coerce=enum_coerce(UnknownPerson),
        validators=[DataRequired()],
    )
    passwords_off = BooleanField(
        _l("Staff of the municipality log in only through its login (no passwords)"),
        description=_l(
            "Possible once you have logged in through one of the municipality's logins yourself. "
            "Passwords and their second factor stop working for the municipality's staff."
        ),
    )


class ProviderForm(FlaskForm):
    """What every identity provider has."""

    name = StringField(
        _l("Name on the login button"),
        validators=[DataRequired(), Length(max=120), no_control_characters],
        description=_l("For example: Malmö stads e-legitimation."),
    )
    enabled = BooleanField(_l("On: shown on the login page"), default=True)
    match_on = RadioField(
        _l("The account is found by"),
        choices=enum_choices(MATCH_ON_LABELS),
        coerce=enum_coerce(MatchOn),
        validators=[DataRequired()],
    )
    required_loa = StringField(
        _l("Lowest assurance level accepted"),
        validators=[Optional(), Length(max=200), no_control_characters],
        description=_l(
            "For example http://id.elegnamnden.se/loa/1.0/loa3. Empty: any level the login gives."
        ),
    )


class OidcProviderForm(ProviderForm):
    """An OpenID Connect provider."""

    discovery_url = StringField(
        _l("Discovery address or issuer"),
        validators=[DataRequired(), Length(max=500), provider_url],
        description=_l("The issuer, or its address ending in /.well-known/openid-configuration."),
    )
    client_id = StringField(
        _l("Client id"), validators=[DataRequired(), Length(max=200), no_control_characters]
    )
    client_secret_ref = StringField(
        _l("Where the client secret is kept"),
        validators=[
            DataRequired(),
            Length(max=300),
            Regexp(
                SECRET_REF.pattern,
                message=_l("Write env:NAME for an environment variable or file:/path for a file."),
            ),
        ],
        description=_l(
            "env:NAME for an environment variable of the server, or file:/path for a file on it. "
            "The secret itself is never typed or shown here."
        ),
    )
    personal_number_claim = StringField(
        _l("Claim with the personal number"),
        validators=[Optional(), Length(max=200), no_control_characters],
        description=_l("Empty: https://id.oidc.se/claim/personalIdentityNumber."),
    )


class SamlProviderForm(ProviderForm):
    """A SAML 2.0 identity provider: its metadata from a file or an address."""

    metadata_file = FileField(_l("The identity provider's metadata file"))
    idp_metadata_url = StringField(
        _l("Or the address of its metadata"),
        validators=[Optional(), Length(max=500), provider_url],
        description=_l("Read now and each time you save; the file wins if you give both."),
    )

    def metadata_text(self) -> str | None:
        """The uploaded file's text; None when no file was chosen, "\\x00" when it is not text or
        too large (the check reports that it is no metadata)."""
        upload = self.metadata_file.data
        if upload is None or not getattr(upload, "filename", ""):
            return None
        raw = upload.read(MAX_METADATA + 1)
        try:
            return raw.decode("utf-8") if len(raw) <= MAX_METADATA else "\x00"
        except UnicodeDecodeError:
            return "\x00"
