"""Forms of the employers area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Optional,
    Regexp,
    ValidationError,
)

from app.employers import labels
from app.employers.vocab import ContactKind, NeedForm, PlacementForm, PlacementOutcome, WorkingTime
from app.forms import (
    FlaskForm,
    MultiCheckboxField,
    RadioField,
    SelectField,
    enum_choices,
    enum_coerce,
    free_text,
    plausible_date,
)
from app.frameworks.labels import LEVEL_LABELS as LEVELS
from app.frameworks.vocab import Level
from app.validators import NumberRange


def _required_text(max_length: int) -> list:
    return [DataRequired(), *free_text(max_length)]


def _optional_text(max_length: int) -> list:
    return [Optional(), *free_text(max_length)]


class CompetenceNeedForm(FlaskForm):
    """A competence need: what, where, when, how many."""

    title = StringField(_l("Title"), validators=_required_text(200))
    required = MultiCheckboxField(
        _l("Required units (must have)"),
        coerce=int,
        validators=[Optional()],
        description=_l(
            "Units from published frameworks, by framework and level. For each unit, tick "
            "whether the person must have it or whether it would be good to have."
        ),
    )
    desired = MultiCheckboxField(
        _l("Desired units (nice to have)"), coerce=int, validators=[Optional()]
    )
    min_level = SelectField(
        _l("Minimum level"),
        choices=enum_choices(LEVELS, blank=_l("Any level")),
        coerce=enum_coerce(Level),
        validators=[Optional()],
    )
    municipality_id = SelectField(_l("Workplace municipality"), coerce=int)
    positions = IntegerField(
        _l("Number of positions"),
        default=1,
        validators=[InputRequired(), NumberRange(min=1, max=999)],
    )
    starts_on = DateField(_l("Start date"), validators=[Optional(), plausible_date()])
    form = SelectField(
        _l("Form of employment"),
        choices=enum_choices(labels.NEED_FORMS),
        coerce=enum_coerce(NeedForm),
        validators=[DataRequired()],
    )
    working_hours = StringField(
        _l("Working hours"),
        validators=_optional_text(200),
        description=_l("E.g. weekdays 07–16, or 30 hours a week."),
    )
    ssyk_code = StringField(
        _l("Occupation code (SSYK)"),
        validators=[
            Optional(),
            Regexp(r"^\d{4}$", message=_l("An SSYK code has four digits, e.g. 9111.")),
        ],
    )
    adaptations_offered = TextAreaField(
        _l("Adaptations the workplace can offer"), validators=_optional_text(2000)
    )
    description = TextAreaField(_l("Description"), validators=_optional_text(5000))

    def validate(self, extra_validators=None) -> bool:
        """The unit lists together: at least one unit, none both required and desired."""
        valid = super().validate(extra_validators)
        required, desired = set(self.required.data or []), set(self.desired.data or [])
        if required & desired:
            self.desired.errors.append(_l("A unit cannot be both required and desired."))
            return False
        if valid and not required and not desired:
            self.required.errors.append(_l("Choose at least one required or desired unit."))
            return False
        return valid


class ContactForm(FlaskForm):
    """A contact with the employer, for the log."""

    kind = SelectField(
        _l("Kind of contact"),
        choices=enum_choices(labels.CONTACT_KINDS),
        coerce=enum_coerce(ContactKind),
        validators=[DataRequired()],
    )
    occurred_on = DateField(_l("Date"), validators=[InputRequired(), plausible_date(future=False)])
    attendees = StringField(
        _l("Who took part"),
        validators=_required_text(300),
        description=_l("Names and roles, at the employer and from the municipality."),
    )
    notes = TextAreaField(_l("Notes"), validators=_required_text(5000))
    follow_up_on = DateField(_l("Follow up on"), validators=[Optional(), plausible_date()])
    follow_up = StringField(_l("What to follow up"), validators=_optional_text(500))


class ProfileForm(FlaskForm):
    """What the coach adds to a candidate's profile, with the participant."""

    available_from = DateField(
        _l("Available from"),
        validators=[Optional(), plausible_date()],
        description=_l("Leave empty when the participant can start now."),
    )
    working_time = SelectField(
        _l("Can work"),
        choices=enum_choices(labels.WORKING_TIMES),
        coerce=enum_coerce(WorkingTime),
        validators=[DataRequired()],
    )
    desired_occupations = StringField(_l("Desired occupations"), validators=_optional_text(500))
    shows_adaptations = BooleanField(
        _l("The participant agrees that employers see the adaptations marked for them")
    )
    protected_identity_consent = BooleanField(
        _l("Protected identity: the participant explicitly agrees to be shown to employers")
    )


class IntroductionRequestForm(FlaskForm):
    """An employer's request to meet a candidate."""

    need_id = SelectField(_l("For the need"), coerce=int)
    message = TextAreaField(
        _l("Message to the coach"),
        validators=_optional_text(1000),
        description=_l("What you would like to talk about. Do not ask for personal details."),
    )


class AcceptForm(FlaskForm):
    """The participant accepted; the contact they chose to share."""

    shared_contact = StringField(
        _l("Contact the participant chose to share"),
        validators=_required_text(300),
        description=_l("Only what the participant agreed to, e.g. a phone number."),
    )


class DeclineForm(FlaskForm):
    """The participant declined; the reason stays with the coach."""

    reason = TextAreaField(_l("Reason (only coaches see it)"), validators=_optional_text(1000))


class PlacementCreateForm(FlaskForm):
    """A placement at an employer."""

    employer_id = SelectField(_l("Employer"), coerce=int)
    need_id = SelectField(_l("Competence need"), coerce=int, validators=[Optional()])
    form = SelectField(
        _l("Kind of placement"),
        choices=enum_choices(labels.PLACEMENT_FORMS),
        coerce=enum_coerce(PlacementForm),
        validators=[DataRequired()],
    )
    starts_on = DateField(_l("Start date"), validators=[InputRequired(), plausible_date()])
    ends_on = DateField(_l("Agreed end date"), validators=[Optional(), plausible_date()])
    hours_per_week = IntegerField(
        _l("Hours per week"), validators=[InputRequired(), NumberRange(min=1, max=60)]
    )
    supervisor_name = StringField(_l("Workplace supervisor"), validators=_required_text(200))
    supervisor_contact = StringField(
        _l("Supervisor's phone or email"), validators=_optional_text(200)
    )
    agreed_adaptations = TextAreaField(_l("Agreed adaptations"), validators=_optional_text(2000))

    # The employer of each need offered (need id → employer id), set with the choices.
    need_employers: dict[int, int]

    def validate_need_id(self, field):
        chosen = field.data and not self.employer_id.errors
        if chosen and self.need_employers.get(field.data) != self.employer_id.data:
            raise ValidationError(_l("Choose a need of the chosen employer."))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class FollowUpForm(FlaskForm):
    """A follow-up of a placement."""

    still_in_place = RadioField(
        _l("Is the participant still in the placement?"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        validators=[InputRequired(message=_l("Answer yes or no."))],
    )
    notes = TextAreaField(_l("Notes"), validators=_optional_text(5000))


class EndPlacementForm(FlaskForm):
    """How and when a placement ended."""

    outcome = SelectField(
        _l("Outcome"),
        choices=enum_choices(labels.PLACEMENT_OUTCOMES),
        coerce=enum_coerce(PlacementOutcome),
        validators=[DataRequired()],
    )
    ended_on = DateField(_l("Ended on"), validators=[InputRequired(), plausible_date(future=False)])
    close_case = BooleanField(_l("Close the case with the outcome employed"))


class MatchFilterForm(FlaskForm):
    """Filters for the candidates of a need (sent by GET)."""

    class Meta:
        csrf = False

    municipality = SelectField(_l("Lives in"), coerce=int, validators=[Optional()])
    available_by = DateField(_l("Available by"), validators=[Optional(), plausible_date()])
    level = SelectField(
        _l("Units at least at level"),
        choices=enum_choices(LEVELS, blank=_l("Any level")),
        coerce=enum_coerce(Level),
        validators=[Optional()],
    )
    unit = SelectField(_l("Has achieved the unit"), coerce=int, validators=[Optional()])
