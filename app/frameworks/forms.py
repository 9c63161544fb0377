"""Forms of the framework editor."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.forms import FlaskForm, SelectField
from app.frameworks.document import (
    CONCEPT_REF,
    FRAMEWORK_CODE,
    MAX_CREDITS,
    SSYK,
    UNIT_CODE,
)
from app.frameworks.labels import LEVEL_LABELS, PROBLEMS
from app.validators import NumberRange, no_control_characters


def _text(label, max_length, *extra, required=True, **kwargs):
    first = DataRequired() if required else Optional()
    validators = [first, Length(max=max_length), no_control_characters, *extra]
    return StringField(label, validators=validators, **kwargs)


class FrameworkForm(FlaskForm):
    """A framework's details."""

    code = _text(
        _l("Code"),
        40,
        Regexp(FRAMEWORK_CODE, message=PROBLEMS["framework_code"]),
        description=_l("Identifies the framework across versions, e.g. lokalvard."),
    )
    name = _text(_l("Name"), 200)
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=5000), no_control_characters]
    )
    ssyk_code = _text(
        _l("Occupation code (SSYK 2012)"),
        4,
        Regexp(SSYK, message=PROBLEMS["ssyk"]),
        required=False,
        description=_l("Four digits, e.g. 9111 for cleaners. Optional."),
    )
    owner = _text(
        _l("Owner organisation"),
        200,
        description=_l("Who maintains the framework: an industry body or the municipality."),
    )


class UnitForm(FlaskForm):
    """A unit's details."""

    code = _text(_l("Unit code"), 20, Regexp(UNIT_CODE, message=PROBLEMS["unit_code"]))
    title = _text(_l("Title"), 200)
    level = SelectField(
        _l("Level"),
        choices=[(level.value, label) for level, label in LEVEL_LABELS.items()],
        validators=[DataRequired()],
    )
    credits = IntegerField(
        _l("Credits"),
        validators=[DataRequired(), NumberRange(min=1, max=MAX_CREDITS)],
        description=_l("One credit is ten notional learning hours."),
    )
    concept_ref = _text(
        _l("ESCO or JobTech concept"),
        255,
        Regexp(CONCEPT_REF, message=PROBLEMS["concept"]),
        required=False,
        description=_l("Optional: the concept's address or id in ESCO or JobTech Taxonomy."),
    )


class OutcomeForm(FlaskForm):
    """A learning outcome."""

    text = TextAreaField(
        _l("The learner will…"),
        validators=[DataRequired(), Length(max=1000), no_control_characters],
    )


class CriterionForm(FlaskForm):
    """An assessment criterion."""

    text = TextAreaField(
        _l("The learner can…"),
        validators=[DataRequired(), Length(max=1000), no_control_characters],
    )


class ImportForm(FlaskForm):
    """An exchange file to import as a new draft."""

    file = FileField(
        _l("Framework file (JSON)"),
        validators=[FileRequired(message=_l("Choose a file to import."))],
        description=_l("At most 1 MB, in the format described in the framework file schema."),
    )
