"""Forms of the cases area: participants, referrals, consents and case details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from app.cases import labels
from app.cases.personal_numbers import InvalidPersonalNumber, parse
from app.cases.vocab import (
    ActivityKind,
    Answer,
    ConsentKind,
    Education,
    Gender,
    JournalKind,
    LabourMarketStatus,
    Outcome,
    PlanStatus,
    ReferralSource,
    SummonsPurpose,
)
from app.db import today
from app.forms import (
    FlaskForm,
    RadioField,
    SelectField,
    enum_choices,
    enum_coerce,
    free_text,
    plausible_date,
)
from app.i18n import show_date

TEXT_MAX = 5000


def personal_number(form, field) -> None:
    """A valid personal identity or coordination number; `field.parsed` keeps it."""
    try:
        field.parsed = parse(field.data or "", today())
    except InvalidPersonalNumber as exc:
        field.parsed = None
        raise ValidationError(labels.NUMBER_PROBLEMS[exc.problem]) from exc


def name_field(label) -> StringField:
    """A required first or last name."""
    return StringField(label, validators=[DataRequired(), *free_text(100)])


def phone_field() -> StringField:
    """An optional phone number."""
    return StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Regexp(
                r"^\+?[0-9 ()-]{5,30}$", message=_l("Write a phone number, e.g. 070-123 45 67.")
            ),
        ],
    )


def email_field() -> EmailField:
    """An optional email address."""
    return EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])


class ParticipantDetailsForm(FlaskForm):
    """Name, contact and the fields ESF-funded projects report."""

    first_name = name_field(_l("First name"))
    last_name = name_field(_l("Last name"))
    address = StringField(_l("Address"), validators=[Optional(), *free_text(200)])
    postal_code = StringField(
        _l("Postal code"),
        validators=[
            Optional(),
            Regexp(r"^\d{3} ?\d{2}$", message=_l("A postal code has five digits, e.g. 871 31.")),
        ],
    )
    city = StringField(_l("City"), validators=[Optional(), *free_text(100)])
    phone = phone_field()
    email = email_field()
    preferred_language = StringField(
        _l("Preferred language"), validators=[Optional(), *free_text(60)]
    )
    needs_interpreter = BooleanField(_l("Needs an interpreter"))
    languages = StringField(
        _l("Languages"),
        validators=[Optional(), *free_text(300)],
        description=_l("The languages the participant speaks, separated by commas."),
    )
    gender = RadioField(
        _l("Gender"),
        choices=enum_choices(labels.GENDERS),
        coerce=enum_coerce(Gender),
        default=Gender.NOT_STATED,
        validators=[InputRequired()],
    )
    education = SelectField(
        _l("Education level"),
        choices=enum_choices(labels.EDUCATION, _l("Not recorded")),
        coerce=enum_coerce(Education),
    )
    status_at_entry = SelectField(
        _l("Labour-market status at entry"),
        choices=enum_choices(labels.LABOUR_MARKET, _l("Not recorded")),
        coerce=enum_coerce(LabourMarketStatus),
    )
    foreign_background = RadioField(
        _l("Foreign background (voluntary)"),
        choices=enum_choices(labels.ANSWERS),
        coerce=enum_coerce(Answer),
        default=Answer.NOT_STATED,
    )
    third_country_national = RadioField(
        _l("Third-country national (voluntary)"),
        choices=enum_choices(labels.ANSWERS),
        coerce=enum_coerce(Answer),
        default=Answer.NOT_STATED,
    )
    has_disability = RadioField(
        _l("Disability or need of adaptation (voluntary)"),
        choices=enum_choices(labels.ANSWERS),
        coerce=enum_coerce(Answer),
        default=Answer.NOT_STATED,
    )
    has_driving_licence = BooleanField(_l("Has a driving licence"))
    is_protected = BooleanField(
        _l("Protected identity"),
        description=_l("Hides name, address and contact from everyone but the assigned coach."),
    )


class ParticipantForm(ParticipantDetailsForm):
    """The participant's details as the assigned coach edits them; a reserve identity's date of
    birth too (a personal number's is in the number)."""

    version = HiddenField()
    date_of_birth = DateField(
        _l("Date of birth"), validators=[Optional(), plausible_date(future=False)]
    )


class ReferralDetailsForm(FlaskForm):
    """What the referring officer sent."""

    source = SelectField(
        _l("Source"),
        choices=enum_choices(labels.SOURCES, _l("Choose…")),
        coerce=enum_coerce(ReferralSource),
        validators=[DataRequired(message=_l("Choose where the referral comes from."))],
    )
    referring_officer = StringField(
        _l("Referring officer"), validators=[Optional(), *free_text(200)]
    )
    referrer_contact = StringField(
        _l("Referring officer's phone or email"), validators=[Optional(), *free_text(200)]
    )
    referred_on = DateField(
        _l("Date of referral"), validators=[InputRequired(), plausible_date(future=False)]
    )
    reason = TextAreaField(
        _l("Reason for the referral"), validators=[DataRequired(), *free_text(TEXT_MAX)]
    )
    goal = TextAreaField(_l("Goal"), validators=[Optional(), *free_text(TEXT_MAX)])


class ForReserve:
    """A field needed only for a reserve identity: required when "no Swedish personal or
    coordination number" is chosen, and not looked at otherwise."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field) -> None:
        field.errors.clear()
        if not form.no_number.data:
            raise StopValidation()
        if field.data in (None, ""):
            raise StopValidation(self.message)


class ReserveGenderField(RadioField):
    """The gender of a reserve identity: looked at only when that choice is made, and then
    required (`ForReserve`)."""

    def pre_validate(self, form) -> None:
        if form.no_number.data and self.data is not None:
            super().pre_validate(form)


class ReferralForm(ReferralDetailsForm):
    """A new referral and the person it is about: with a personal or coordination number, or
    with a reserve identity (date of birth and gender) for someone who has neither."""

    personal_number = StringField(
        _l("Personal identity or coordination number"),
        validators=[Length(max=20)],
        description=_l("10 or 12 digits, e.g. 19850412-1234."),
    )
    no_number = BooleanField(
        _l("No Swedish personal or coordination number"),
        description=_l("Validera gives the person a reserve number of the municipality."),
    )
    date_of_birth = DateField(
        _l("Date of birth"),
        validators=[ForReserve(_l("Write the date of birth.")), plausible_date(future=False)],
    )
    gender = ReserveGenderField(
        _l("Gender"),
        choices=enum_choices(labels.GENDERS),
        coerce=enum_coerce(Gender),
        validators=[ForReserve(_l("Choose the gender."))],
    )
    first_name = name_field(_l("First name"))
    last_name = name_field(_l("Last name"))
    phone = phone_field()
    email = email_field()
    # The registered participant the person confirmed the referral is for, when the number is
    # already registered in the municipality (the form asks before it attaches it).
    confirmed = HiddenField()

    def validate_personal_number(self, field) -> None:
        """A valid number, unless the person has none (then the field stays empty)."""
        field.parsed = None
        if self.no_number.data:
            if (field.data or "").strip():
                raise ValidationError(
                    _l(
                        "Leave the number empty when the person has no Swedish personal or "
                        "coordination number, or untick that choice."
                    )
                )
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Write the personal identity or coordination number."))
        personal_number(self, field)


class NumberForm(FlaskForm):
    """A personal identity or coordination number, and what the page showed (hidden)."""

    personal_number = StringField(
        _l("Personal identity or coordination number"),
        validators=[DataRequired(), Length(max=20), personal_number],
        description=_l("10 or 12 digits, e.g. 19850412-1234."),
    )
    version = HiddenField()
    confirmed = HiddenField()


class DecisionForm(FlaskForm):
    """The reason given with a rejection or a return."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), *free_text(TEXT_MAX)])


class ConsentForm(FlaskForm):
    """A consent given or withdrawn."""

    kind = SelectField(
        _l("Consent"), choices=enum_choices(labels.CONSENTS), coerce=enum_coerce(ConsentKind)
    )
    given = RadioField(
        _l("Given or withdrawn"),
        choices=[("1", _l("Given")), ("0", _l("Withdrawn"))],
        validators=[InputRequired(message=_l("Choose given or withdrawn."))],
    )
    effective_on = DateField(_l("Date"), validators=[InputRequired(), plausible_date(future=False)])
    note = StringField(_l("Note"), validators=[Optional(), *free_text(500)])


class VersionedForm(FlaskForm):
    """A change to a case, refused when the case changed after the page was loaded."""

    version = HiddenField()


class MoveForm(VersionedForm):
    """Move the case to its next stage."""

    to = HiddenField()
    reason = TextAreaField(_l("Comment (optional)"), validators=[Optional(), *free_text(TEXT_MAX)])


class PauseForm(VersionedForm):
    """Pause the case."""

    reason = TextAreaField(
        _l("Reason for the pause"), validators=[DataRequired(), *free_text(TEXT_MAX)]
    )
    planned_return = DateField(_l("Planned return"), validators=[InputRequired(), plausible_date()])


class CloseForm(VersionedForm):
    """Close the case with its outcome."""

    outcome = SelectField(
        _l("Outcome"),
        choices=enum_choices(labels.OUTCOMES, _l("Choose…")),
        coerce=enum_coerce(Outcome),
        validators=[DataRequired(message=_l("Choose the outcome of the case."))],
    )
    status_at_exit = SelectField(
        _l("Labour-market status at exit"),
        choices=enum_choices(labels.LABOUR_MARKET, _l("Choose…")),
        coerce=enum_coerce(LabourMarketStatus),
        validators=[
            DataRequired(message=_l("Choose the participant's labour-market status at exit."))
        ],
    )
    reason = TextAreaField(_l("Comment (optional)"), validators=[Optional(), *free_text(TEXT_MAX)])


class CaseDetailsForm(VersionedForm):
    """The case's goal and background."""

    goal = TextAreaField(_l("Goal"), validators=[Optional(), *free_text(TEXT_MAX)])
    background = TextAreaField(
        _l("Background"),
        validators=[Optional(), *free_text(TEXT_MAX)],
        description=_l(
            "Education, work history and situation. Seen only by the municipality's coaches."
        ),
    )


class ReassignForm(VersionedForm):
    """Give the case to another coach."""

    coach = SelectField(_l("New coach"), coerce=int, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), *free_text(TEXT_MAX)])


class TransferForm(VersionedForm):
    """Send the case to another municipality in the region."""

    municipality = SelectField(
        _l("Receiving municipality"), coerce=int, validators=[InputRequired()]
    )
    message = TextAreaField(
        _l("Message to the receiving municipality"),
        validators=[DataRequired(), *free_text(TEXT_MAX)],
    )


class JournalForm(FlaskForm):
    """A journal entry."""

    kind = SelectField(
        _l("Type"), choices=enum_choices(labels.JOURNAL_KINDS), coerce=enum_coerce(JournalKind)
    )
    occurred_on = DateField(_l("Date"), validators=[InputRequired(), plausible_date(future=False)])
    text = TextAreaField(_l("Entry"), validators=[DataRequired(), *free_text(TEXT_MAX)])
    is_shared = BooleanField(
        _l("Show the entry to the participant"),
        description=_l(
            "The participant reads it under My plan. Never write social services' background here."
        ),
    )


class GoalForm(FlaskForm):
    """A goal of the development plan."""

    description = StringField(_l("Goal"), validators=[DataRequired(), *free_text(500)])
    target_date = DateField(_l("Target date"), validators=[Optional(), plausible_date()])


class ActivityForm(FlaskForm):
    """An activity of the development plan."""

    kind = SelectField(
        _l("Activity"),
        choices=enum_choices(labels.ACTIVITY_KINDS),
        coerce=enum_coerce(ActivityKind),
    )
    description = StringField(_l("Description"), validators=[DataRequired(), *free_text(500)])
    starts_on = DateField(_l("Starts"), validators=[Optional(), plausible_date()])
    ends_on = DateField(_l("Ends"), validators=[Optional(), plausible_date()])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The activity cannot end before it starts."))


class FollowUpForm(FlaskForm):
    """An agreed follow-up date."""

    due_on = DateField(_l("Follow-up date"), validators=[InputRequired(), plausible_date()])
    purpose = StringField(_l("What to follow up"), validators=[DataRequired(), *free_text(300)])


class StatusForm(FlaskForm):
    """The status of a goal or an activity."""

    status = SelectField(
        _l("Status"), choices=enum_choices(labels.PLAN_STATUS), coerce=enum_coerce(PlanStatus)
    )


class AdaptationForm(FlaskForm):
    """A need and the adaptation agreed for it."""

    need = TextAreaField(_l("Described need"), validators=[DataRequired(), *free_text(TEXT_MAX)])
    agreed = TextAreaField(
        _l("Agreed adaptation"),
        validators=[Optional(), *free_text(TEXT_MAX)],
        description=_l("For example shorter days, written instructions, an interpreter."),
    )
    concerns_assessment = BooleanField(_l("Concerns assessment (shown to the assessor)"))
    concerns_workplace = BooleanField(_l("Concerns the workplace"))
    employers_may_see = BooleanField(_l("The participant agrees to show this to employers"))


class PlannedAssessmentField(SelectField):
    """One of the case's planned assessments, or none (0)."""

    def pre_validate(self, form) -> None:
        try:
            super().pre_validate(form)
        except StopValidation as exc:
            raise StopValidation(
                _l("Choose one of the case's planned assessments, or none.")
            ) from exc


class SummonsForm(FlaskForm):
    """A letter of summons: what, when, where, what to bring and whom to ask.

    A summons to an assessment may name one of the case's planned assessments (`for_case`
    gives them): its date and place are the letter's unless the coach writes others.
    """

    purpose = SelectField(
        _l("What"),
        choices=enum_choices(labels.SUMMONS_PURPOSES),
        coerce=enum_coerce(SummonsPurpose),
    )
    assessment = PlannedAssessmentField(
        _l("Planned assessment"),
        coerce=int,
        default=0,
        description=_l(
            "For a summons to an assessment: its date and place go into the letter unless "
            "you write others below."
        ),
    )
    day = DateField(_l("Date"), validators=[InputRequired(), plausible_date()])
    time = TimeField(_l("Time"), validators=[InputRequired()])
    place = StringField(
        _l("Place"),
        validators=[DataRequired(), *free_text(300)],
        description=_l("The address, and the room or the entrance."),
    )
    bring = TextAreaField(
        _l("What to bring"),
        validators=[Optional(), *free_text(1000)],
        description=_l("For example an identity document, certificates, work clothes."),
    )
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), *free_text(200)])
    contact_phone = phone_field()
    contact_email = email_field()
    note = TextAreaField(_l("A note to the participant"), validators=[Optional(), *free_text(1000)])
    language = SelectField(
        _l("Language of the letter"), choices=list(labels.LETTER_LANGUAGES.items())
    )
    delivery = RadioField(
        _l("How the participant gets the letter"),
        choices=[
            ("print", _l("I print the letter (PDF)")),
            ("mail", _l("Mail it to the participant")),
        ],
        default="print",
    )

    def for_case(self, planned) -> SummonsForm:
        """Offer the case's planned assessments (`fact(case, "planned_assessments")`)."""
        self.planned = {item.id: item for item in planned}
        self.assessment.choices = [(0, _l("None"))] + [
            (item.id, f"{show_date(item.scheduled_on)}, {item.place}") for item in planned
        ]
        return self

    def chosen_assessment(self):
        """The planned assessment chosen, if any (and if it is one of the case's)."""
        return getattr(self, "planned", {}).get(self.assessment.data or 0)

    def validate(self, extra_validators=None) -> bool:
        """The chosen assessment's date and place where the coach left them empty; then the
        fields' checks, and an assessment only for a summons to an assessment."""
        chosen = self.chosen_assessment()
        if chosen is not None:
            if not (self.day.raw_data and self.day.raw_data[0].strip()):
                self.day.raw_data = [chosen.scheduled_on.isoformat()]
                self.day.data, self.day.process_errors = chosen.scheduled_on, []
            if not (self.place.data or "").strip():
                self.place.data = chosen.place
        valid = super().validate(extra_validators)
        if chosen is not None and self.purpose.data is not SummonsPurpose.ASSESSMENT:
            self.assessment.errors.append(
                _l(
                    'Only a summons to an assessment names a planned assessment: choose "An '
                    'assessment" under "What", or "None" here.'
                )
            )
            return False
        return valid
