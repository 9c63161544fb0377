"""Forms of the assessments area; each state change has its own small form."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.assessments import labels
from app.assessments.services.items import ItemData
from app.assessments.services.recording import Results, UnitScore
from app.assessments.vocab import AdaptationKind, AssessmentKind, ExamMode, Result
from app.cases.labels import ACTIVITY_KINDS
from app.db import today
from app.forms import FlaskForm, MultiCheckboxField, RadioField, SelectField
from app.validators import NumberRange, no_control_characters

TEXT_MAX = 5000
SCORE_MAX = 100_000
LATEST_YEARS_AHEAD = 2


def _text(max_length: int = TEXT_MAX) -> list:
    return [Length(max=max_length), no_control_characters]


def _required_text(message, max_length: int = TEXT_MAX) -> list:
    return [DataRequired(message=message), *_text(max_length)]


def _choices(label_map: dict) -> list:
    return [(key.value, label) for key, label in label_map.items()]


def not_in_past(form, field) -> None:
    """A planned date: today or later, and not absurdly far ahead."""
    if field.data is None:
        return
    if field.data < today():
        raise ValidationError(_l("The date cannot be in the past."))
    if field.data > date(today().year + LATEST_YEARS_AHEAD, 12, 31):
        raise ValidationError(_l("The date is too far ahead."))


class PlanForm(FlaskForm):
    """Plan an assessment: units, kind, date and place, assessor, adaptations."""

    units = MultiCheckboxField(_l("Units"), coerce=int)
    kind = RadioField(
        _l("Kind of assessment"),
        choices=_choices(labels.KINDS),
        validators=[InputRequired(message=_l("Choose practical or theoretical."))],
    )
    exam_mode = RadioField(
        _l("Form of the theoretical test"),
        choices=_choices(labels.EXAM_MODES),
        validate_choice=False,
        description=_l("Only for a theoretical assessment."),
    )
    place = StringField(
        _l("Place"),
        validators=_required_text(_l("Say where the assessment takes place."), 200),
        description=_l("The workplace or training site, or the room for the test."),
    )
    scheduled_on = DateField(
        _l("Date"),
        validators=[InputRequired(message=_l("Give the date as YYYY-MM-DD.")), not_in_past],
    )
    assessor = SelectField(_l("Assessor"), coerce=str, validate_choice=False)
    adaptations = MultiCheckboxField(
        _l("Adaptations during the assessment"), choices=_choices(labels.ADAPTATIONS)
    )
    adaptation_notes = TextAreaField(_l("More about the adaptations"), validators=_text())
    instructions = TextAreaField(_l("Instructions for the assessor"), validators=_text())

    def validate_units(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one unit."))

    def validate_exam_mode(self, field):
        theoretical = self.kind.data == AssessmentKind.THEORETICAL.value
        if not theoretical:
            field.data = None
        elif field.data not in {mode.value for mode in ExamMode}:
            raise ValidationError(_l("Choose a written or an oral test."))

    def validate_assessor(self, field):
        try:
            field.data = int(field.data)
        except (TypeError, ValueError):
            raise ValidationError(_l("Choose an assessor.")) from None

    def data_for_service(self) -> dict:
        return {
            "unit_ids": self.units.data,
            "kind": self.kind.data,
            "exam_mode": self.exam_mode.data or None,
            "place": self.place.data,
            "scheduled_on": self.scheduled_on.data,
            "assessor_id": self.assessor.data,
            "adaptations": [AdaptationKind(k) for k in self.adaptations.data],
            "adaptation_notes": self.adaptation_notes.data,
            "instructions": self.instructions.data,
        }


class CancelForm(FlaskForm):
    """Cancel a planned assessment."""

    reason = TextAreaField(
        _l("Why is the assessment cancelled?"),
        validators=_required_text(_l("Give a reason.")),
    )


class MoveForm(FlaskForm):
    """Move a planned assessment to another day or place."""

    scheduled_on = DateField(
        _l("New date"),
        validators=[InputRequired(message=_l("Give the date as YYYY-MM-DD.")), not_in_past],
    )
    place = StringField(
        _l("Place"),
        validators=_required_text(_l("Say where the assessment takes place."), 200),
    )
    # The assessment as the form showed it: someone else's change in between is a conflict.
    sequence = HiddenField()


class DecisionForm(FlaskForm):
    """The assessor's decision on one unit."""

    outcome = RadioField(
        _l("Decision"),
        choices=_choices(labels.OUTCOMES),
        validators=[InputRequired(message=_l("Choose achieved or not yet achieved."))],
    )
    justification = TextAreaField(
        _l("Justification"),
        validators=_text(),
        description=_l("Required when the decision departs from the proposal."),
    )


class ReplaceForm(DecisionForm):
    """A new decision that replaces a returned or a verified one."""

    reason = TextAreaField(
        _l("Reason for the new decision"),
        validators=_required_text(_l("Give the reason for the new decision.")),
    )


class ReturnForm(FlaskForm):
    """Return a decision to its assessor."""

    comment = TextAreaField(
        _l("Comments to the assessor"),
        validators=_required_text(_l("Say what the assessor should look at again.")),
    )


class ConfirmForm(FlaskForm):
    """A state change that needs nothing but the button (and the CSRF token)."""


class TrainingForm(FlaskForm):
    """Complementary training in the development plan after a unit not yet achieved."""

    kind = SelectField(_l("Kind of training"), choices=_choices(ACTIVITY_KINDS))
    description = TextAreaField(
        _l("What the training covers"),
        validators=_required_text(_l("Describe the training."), 500),
    )
    starts_on = DateField(_l("Starts"), validators=[Optional()])
    ends_on = DateField(_l("Ends"), validators=[Optional()])
    move_case = BooleanField(_l("Move the case to complementary training"), default=True)

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The training cannot end before it starts."))


class SettingsForm(FlaskForm):
    """A municipality's share of decisions verified."""

    sample_percent = IntegerField(
        _l("Share of decisions verified (%)"),
        validators=[
            InputRequired(message=_l("Give a whole number from 0 to 100.")),
            NumberRange(min=0, max=100, message=_l("Give a whole number from 0 to 100.")),
        ],
        description=_l("Decisions of an assessor's first ten cases are always verified."),
    )


class ReportForm(FlaskForm):
    """The external quality assurer's report on a sample."""

    decision_ids = HiddenField()
    text = TextAreaField(
        _l("Report"),
        validators=_required_text(_l("Write the report."), 20_000),
    )


def score_field(label, description="") -> IntegerField:
    """A score, pass mark or maximum: a whole number, optional."""
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(min=0, max=SCORE_MAX, message=_l("Give a whole number of points.")),
        ],
        description=description,
    )


def _item_fields(form_class, row) -> None:
    """A score per item, the unit's pass mark, and a comment per criterion the items cover."""
    for item in row.items:
        covers = ", ".join(c.number for c in item.criteria)
        hint = _l(
            "At most %(points)s points. Covers %(criteria)s.",
            points=item.max_points,
            criteria=covers,
        )
        if item.pass_mark is not None:
            hint = _l(
                "At most %(points)s points, pass mark %(pass_mark)s. Covers %(criteria)s.",
                points=item.max_points,
                pass_mark=item.pass_mark,
                criteria=covers,
            )
        score = score_field(_l("Score on item %(label)s", label=item.label), hint)
        setattr(form_class, f"item-{item.id}", score)
    total = sum(item.max_points for item in row.items)
    hint = _l(
        "For the whole test: at most the points of all items together (%(total)s).", total=total
    )
    mark = score_field(_l("Pass mark"), hint)
    setattr(form_class, f"pass-{row.unit_id}", mark)
    covered = {c.id for item in row.items for c in item.criteria}
    for criterion in row.unit.criteria:
        if criterion.id in covered:
            comment = TextAreaField(_l("Comment"), validators=_text())
            setattr(form_class, f"comment-{criterion.id}", comment)


def results_form(assessment, theoretical: bool):
    """A form with a result and a comment per criterion, and for a test a score per unit (or,
    where the unit's test has items, a score per item and the unit's pass mark)."""

    class ResultsForm(FlaskForm):
        pass

    choices = _choices(labels.RESULTS)
    if theoretical:
        choices = [("", _l("Not assessed in this test")), *choices]
    for row in assessment.units:
        if theoretical and row.has_items:
            _item_fields(ResultsForm, row)
            continue
        for criterion in row.unit.criteria:
            setattr(
                ResultsForm,
                f"criterion-{criterion.id}",
                RadioField(criterion.text, choices=choices, validate_choice=False),
            )
            comment = TextAreaField(_l("Comment"), validators=_text())
            setattr(ResultsForm, f"comment-{criterion.id}", comment)
        if theoretical:
            setattr(ResultsForm, f"score-{row.unit_id}", score_field(_l("Score")))
            setattr(ResultsForm, f"pass-{row.unit_id}", score_field(_l("Pass mark")))
            setattr(ResultsForm, f"max-{row.unit_id}", score_field(_l("Maximum score")))
    return ResultsForm


def _result(field) -> Result | None:
    value = field.data or ""
    if value in ("", "None"):
        return None
    if value not in {r.value for r in Result}:
        field.errors.append(_l("Not a valid choice."))
        return None
    return Result(value)


def read_results(form, assessment) -> Results:
    """The entered results as the service takes them; unknown choices become field errors."""
    entered = Results()
    for row in assessment.units:
        if f"pass-{row.unit_id}" in form and row.has_items:
            _read_items(form, row, entered)
            continue
        for criterion in row.unit.criteria:
            result = _result(form[f"criterion-{criterion.id}"])
            entered.criteria[criterion.id] = (result, form[f"comment-{criterion.id}"].data)
        if f"score-{row.unit_id}" in form:
            entered.scores[row.unit_id] = UnitScore(
                form[f"score-{row.unit_id}"].data,
                form[f"pass-{row.unit_id}"].data,
                form[f"max-{row.unit_id}"].data,
            )
    return entered


def _read_items(form, row, entered: Results) -> None:
    for item in row.items:
        entered.items[item.id] = form[f"item-{item.id}"].data
    entered.scores[row.unit_id] = UnitScore(pass_mark=form[f"pass-{row.unit_id}"].data)
    for criterion in row.unit.criteria:
        if f"comment-{criterion.id}" in form:
            entered.criteria[criterion.id] = (None, form[f"comment-{criterion.id}"].data)


class ItemForm(FlaskForm):
    """An item of a theoretical test: its label, points, own pass mark and criteria."""

    label = StringField(
        _l("Item"),
        validators=_required_text(_l("Give the item's number or label."), 40),
        description=_l("The item's number or label in the test, e.g. 3 or 2b."),
    )
    max_points = IntegerField(
        _l("Maximum points"),
        validators=[
            InputRequired(message=_l("Give the item's points as a whole number.")),
            NumberRange(min=1, max=SCORE_MAX, message=_l("An item is worth at least one point.")),
        ],
    )
    pass_mark = IntegerField(
        _l("The item's own pass mark"),
        validators=[
            Optional(),
            NumberRange(min=0, max=SCORE_MAX, message=_l("Give a whole number of points.")),
        ],
        description=_l("Optional: the points the item needs for the criteria it covers to be met."),
    )
    criteria = MultiCheckboxField(_l("Criteria the item covers"), coerce=int)

    def validate_criteria(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one criterion that the item covers."))

    def data_for_service(self) -> ItemData:
        return ItemData(
            label=self.label.data or "",
            max_points=self.max_points.data,
            pass_mark=self.pass_mark.data,
            criterion_ids=tuple(self.criteria.data or ()),
        )


class AttachmentForm(FlaskForm):
    """A photo of the work or an observation sheet."""

    title = StringField(
        _l("What the file shows"),
        validators=_required_text(_l("Say what the file shows."), 200),
    )
    file = FileField(
        _l("File"),
        validators=[FileRequired(message=_l("Choose a file to attach."))],
        description=_l("PDF, JPEG or PNG, at most 10 MB."),
    )
