"""Forms of the data-protection pages."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from app.cases.forms import personal_number
from app.forms import FlaskForm, SelectField
from app.validators import NumberRange, no_control_characters

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class FindParticipantForm(FlaskForm):
    """Find a participant by personal number (sent by POST, so the number stays out of URLs)."""

    personal_number = StringField(
        _l("Personal identity or coordination number"),
        validators=[DataRequired(), Length(max=20), personal_number],
        description=_l("10 or 12 digits, e.g. 19850412-1234."),
    )


class ExportForm(FlaskForm):
    """The register extract, with the language of its readable summary."""

    language = SelectField(
        _l("Language of the summary"),
        choices=[("sv", _l("Swedish")), ("en", _l("English"))],
        default="sv",
        description=_l("The participant's choice. The data itself is the same in both."),
    )


class EraseForm(FlaskForm):
    """Erasure on request: the reason is kept in the access log."""

    reason = TextAreaField(
        _l("Reason for the erasure"),
        validators=[DataRequired(), Length(min=10, max=1000), no_control_characters],
        description=_l(
            "For example the date and form of the request. Do not write the person's name: "
            "the reason is kept in the access log."
        ),
    )
    confirm = BooleanField(
        _l(
            "I have checked that this is the right participant and that the erasure cannot "
            "be undone"
        ),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )


class RetentionForm(FlaskForm):
    """The municipality's retention period."""

    years = IntegerField(
        _l("Years after the case's last entry"),
        validators=[DataRequired(), NumberRange(min=1, max=50)],
        description=_l(
            "Between 1 and 50. The anonymisation is completed by the end of the "
            "following calendar year."
        ),
    )


class ReviewForm(FlaskForm):
    """A month of the access log marked as reviewed."""

    month = HiddenField(validators=[DataRequired(), Regexp(MONTH)])
    comment = TextAreaField(
        _l("Comment"),
        validators=[DataRequired(), Length(max=5000), no_control_characters],
        description=_l("What was checked and what the flags turned out to be."),
    )
