"""Forms of the reports area: the dashboard's filters, funding projects, exports."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, MonthField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp, ValidationError

from app.forms import FlaskForm, RadioField, SelectField, enum_choices, free_text, plausible_date
from app.reports import labels
from app.reports.vocab import ExportFormat

MAX_PERIOD_DAYS = 10 * 366
PROJECT_CODE = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$"


def optional_id(value):
    """Coerce a submitted id to int, the empty choice to None."""
    if value in ("", None):
        return None
    return int(value)


def optional_text(value):
    """The empty choice to None."""
    return value or None


class FilterForm(FlaskForm):
    """The dashboard's filters, sent with GET (they change nothing, so no CSRF token)."""

    class Meta:
        csrf = False

    date_from = DateField(_l("From"), validators=[Optional(), plausible_date()])
    date_to = DateField(_l("To"), validators=[Optional(), plausible_date()])
    municipality = SelectField(_l("Municipality"), coerce=optional_id, validate_choice=True)
    framework = SelectField(_l("Framework"), coerce=optional_text)
    source = SelectField(
        _l("Referral source"),
        choices=enum_choices(labels.SOURCE_FILTER, blank=_l("All sources")),
        coerce=optional_text,
    )
    coach = SelectField(_l("Coach"), coerce=optional_id)

    def validate_date_to(self, field) -> None:
        start, end = self.date_from.data, field.data
        if start is None or end is None:
            return
        if end < start:
            raise ValidationError(_l("The end of the period cannot be before its start."))
        if (end - start).days > MAX_PERIOD_DAYS:
            raise ValidationError(_l("Choose a period of at most ten years."))


def _optional_text(max_length: int) -> list:
    return [Optional(), *free_text(max_length)]


class ProjectForm(FlaskForm):
    """A funding project: its name, identity, owner and period."""

    name = StringField(_l("Name"), validators=[DataRequired(), *free_text(200)])
    code = StringField(
        _l("Project identity"),
        validators=[
            DataRequired(),
            Regexp(PROJECT_CODE, message=_l("Use letters, digits and . _ / - (at most 40).")),
        ],
        description=_l("The identity the funder gave the project, e.g. its ESF project number."),
    )
    is_esf = BooleanField(_l("Funded by the European Social Fund (ESF)"))
    owner = RadioField(_l("Run by"), validators=[InputRequired()])
    starts_on = DateField(_l("Start date"), validators=[InputRequired(), plausible_date()])
    ends_on = DateField(_l("End date"), validators=[Optional(), plausible_date()])

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class ParticipationForm(FlaskForm):
    """A case tagged with a funding project, from a start date."""

    project = SelectField(_l("Funding project"), coerce=optional_id, validators=[InputRequired()])
    starts_on = DateField(_l("Start date"), validators=[InputRequired(), plausible_date()])
    ends_on = DateField(_l("End date"), validators=[Optional(), plausible_date()])

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class EndParticipationForm(FlaskForm):
    """The day a case's participation in a project ended."""

    ends_on = DateField(_l("End date"), validators=[InputRequired(), plausible_date()])


class EsfExportForm(FlaskForm):
    """The month and project of the participant list for Statistics Sweden."""

    month = MonthField(
        _l("Month"),
        validators=[InputRequired()],
        description=_l("Participants taking part in the project at some time in this month."),
    )
    project = SelectField(_l("Funding project"), coerce=optional_id)
    file_format = RadioField(
        _l("File format"),
        choices=[(ExportFormat.CSV.value, "CSV"), (ExportFormat.XLSX.value, "Excel (XLSX)")],
        default=ExportFormat.CSV.value,
        validators=[InputRequired()],
    )

    def validate_month(self, field) -> None:
        if field.data and not date(2000, 1, 1) <= field.data <= date(2100, 12, 1):
            raise ValidationError(_l("Choose a month between 2000 and 2100."))


class DashboardExportForm(FlaskForm):
    """Start an export of every table: the filters travel as hidden fields."""
