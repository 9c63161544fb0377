"""Forms of the administration pages."""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from app.admin import labels
from app.admin.access import NO_ORGANISATION
from app.auth.federation import personal_number
from app.forms import FlaskForm, MultiCheckboxField, RadioField, SelectField
from app.labels import ROLE_LABELS
from app.main.labels import COMPLIANCE
from app.organisations.models import MAIL_FOOTER_LENGTH
from app.validators import (
    NumberRange,
    at_most_lines,
    no_control_characters,
    one_line,
    org_number,
)
from app.vocab import Role


class UserForm(FlaskForm):
    """An account's details and roles (a new account has no password: its person chooses one by
    the welcome link mailed to them).

    `for_editor` sets the organisations and roles offered to the administrator who edits; the
    roles the account holds that someone else gives (`kept_roles`) stay as they are and count
    when the combination of roles is checked; `refusals(form)` says, as {field: refusal code},
    what the administrator may still not do with what a valid form says (their scope, an email
    already in use).
    """

    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=200), no_control_characters]
    )
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    organisation = SelectField(_l("Organisation"), validators=[DataRequired()])
    roles = MultiCheckboxField(_l("Roles"))
    locale = SelectField(_l("Language"), choices=[("sv", "Svenska"), ("en", "English")])
    personal_number = StringField(
        _l("Personal number"),
        validators=[Optional(), Length(max=20)],
        description=_l(
            "Only for a municipality whose login finds people by personal number: YYYYMMDD-NNNN."
        ),
    )

    kept_roles: frozenset[Role] = frozenset()
    refusals: Callable[["UserForm"], dict] | None = None

    def for_editor(
        self, organisations: list, grantable, kept=frozenset(), refusals=None
    ) -> "UserForm":
        """Offer only what the editing administrator may give."""
        self.organisation.choices = organisations
        self.roles.choices = [
            (r.value, label) for r, label in ROLE_LABELS.items() if r in grantable
        ]
        self.kept_roles = frozenset(kept)
        self.refusals = refusals
        return self

    def validate(self, extra_validators=None) -> bool:
        """The fields, then what the administrator may not do, at the fields it concerns."""
        if not super().validate(extra_validators):
            return False
        refused = self.refusals(self) if self.refusals is not None else {}
        for name, code in refused.items():
            self[name].errors.append(str(labels.REFUSALS[code]))
        return not refused

    def validate_personal_number(self, field):
        field.digits = personal_number(field.data) if field.data else None
        if field.data and field.digits is None:
            raise ValidationError(_l("Write a valid personal number, e.g. 19811228-9874."))

    def validate_roles(self, field):
        if field.errors:  # a value that is not among the choices: already refused
            return
        roles = {Role(value) for value in field.data} | self.kept_roles
        organisation = self.organisation.data or ""
        for message, wrong in (
            (_l("Choose at least one role."), not roles),
            (
                _l("An internal verifier must also be an assessor."),
                Role.INTERNAL_VERIFIER in roles and Role.ASSESSOR not in roles,
            ),
            (
                _l("A user at an employer can only have the employer role."),
                organisation.startswith("e:") and roles != {Role.EMPLOYER},
            ),
            (
                _l("The employer role needs an employer organisation."),
                Role.EMPLOYER in roles and not organisation.startswith("e:"),
            ),
            (
                _l("A system administrator has no other role and belongs to no organisation."),
                Role.SYSTEM_ADMIN in roles
                and (roles != {Role.SYSTEM_ADMIN} or organisation != NO_ORGANISATION),
            ),
            (
                _l("Only a system administrator belongs to no organisation."),
                organisation == NO_ORGANISATION and Role.SYSTEM_ADMIN not in roles,
            ),
        ):
            if wrong:
                raise ValidationError(message)


class MunicipalityForm(FlaskForm):
    """A municipality."""

    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=120), no_control_characters]
    )
    code = StringField(
        _l("Municipality code"),
        validators=[
            DataRequired(),
            Regexp(r"^\d{4}$", message=_l("The municipality code has four digits, e.g. 2280.")),
        ],
    )
    region_name = StringField(
        _l("Region (cooperation)"),
        validators=[Optional(), Length(max=120), no_control_characters],
        description=_l("Municipalities in the same region may send participants to each other."),
    )
    mail_sender_name = StringField(
        _l("Sender of mail"),
        validators=[Optional(), Length(max=120), one_line],
        description=_l(
            "The name mail from Validera to the municipality's people comes from, e.g. "
            "Arbetsmarknadsenheten, Exempelby kommun. Without it: Validera."
        ),
    )
    mail_reply_to = EmailField(
        _l("Reply-to address"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l(
            "Where replies to the mail go. Without it, the mail says not to reply to it."
        ),
    )
    mail_footer = TextAreaField(
        _l("Footer of mail"),
        validators=[
            Optional(),
            Length(max=MAIL_FOOTER_LENGTH),
            no_control_characters,
            at_most_lines(MAIL_FOOTER_LENGTH // 100),
        ],
        description=_l(
            "A few lines of plain text at the end of every mail: address, phone, opening "
            "hours. Never anything about a participant."
        ),
    )


class EmployerForm(FlaskForm):
    """An employer organisation."""

    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=200), no_control_characters]
    )
    org_number = StringField(
        _l("Organisation number"), validators=[DataRequired(), Length(max=20), org_number]
    )
    municipality_id = SelectField(_l("Municipality"), coerce=int, validators=[Optional()])


class AuditFilterForm(FlaskForm):
    """Filters for browsing the audit log (sent by GET)."""

    class Meta:
        csrf = False

    user = StringField(_l("Who (name or email)"), validators=[Optional(), Length(max=254)])
    action = SelectField(_l("What"), validators=[Optional()])
    participant = IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = action_choices()


def action_choices() -> list[tuple[str, str]]:
    """Every action of the log by its words, each area's first (all its actions at once)."""
    choices = [("", _l("All actions"))]
    areas = sorted(labels.AUDIT_AREAS.items(), key=lambda item: str(item[1]))
    for area, area_words in areas:
        choices.append((f"{area}.", _l("%(area)s: every action", area=area_words)))
        actions = [(c, w) for c, w in labels.AUDIT_ACTIONS.items() if c.split(".")[0] == area]
        choices += [(c, f"– {w}") for c, w in sorted(actions, key=lambda item: str(item[1]))]
    return choices


class AccessibilityForm(FlaskForm):
    """The municipality's accessibility statement: compliance, shortcomings, assessment."""

    compliance = RadioField(
        _l("How far does Validera meet the requirements?"),
        choices=[(c.value, text) for c, text in COMPLIANCE.items()],
        validators=[DataRequired(_l("Choose how far the service meets the requirements."))],
    )
    shortcomings = TextAreaField(
        _l("Known shortcomings"),
        validators=[Length(max=5000), no_control_characters],
        description=_l(
            "What does not meet the requirements, and how people can get the content another "
            "way. Required when the service is not fully compliant."
        ),
    )
    assessed_on = DateField(
        _l("Date of the last assessment"),
        validators=[DataRequired(_l("Enter the date of the last assessment."))],
    )
    contact = EmailField(
        _l("Address for feedback about accessibility"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l(
            "Where the messages from the statement's feedback form go. Left empty, they go to "
            "the municipality's administrators."
        ),
    )

    def validate_shortcomings(self, field) -> None:
        if self.compliance.data in ("partial", "none") and not (field.data or "").strip():
            raise ValidationError(
                _l("Describe the shortcomings when the service is not fully compliant.")
            )
