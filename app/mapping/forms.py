"""Forms of the mapping pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import Form, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import FlaskForm, MultiCheckboxField, RadioField, SelectField
from app.mapping.labels import CAN_DO, EVIDENCE_KINDS, JUDGEMENTS, SELF_ASSESSMENTS, SOURCES
from app.mapping.vocab import EvidenceKind
from app.validators import no_control_characters


class ChooseFrameworkForm(FlaskForm):
    """Map the case against a framework version."""

    framework = SelectField(
        _l("Framework"), coerce=int, validators=[DataRequired(_l("Choose a framework."))]
    )


def _choices(labels: dict) -> list:
    return [(key.value, label) for key, label in labels.items()]


class OutcomeEntryForm(Form):
    """One learning outcome (a part of the unit's form; the outer form carries the CSRF)."""

    self_assessment = RadioField(
        _l("The participant's own view"),
        choices=_choices(SELF_ASSESSMENTS),
        validators=[Optional()],
    )
    judgement = RadioField(
        _l("Coach's judgement"), choices=_choices(JUDGEMENTS), validators=[Optional()]
    )
    sources = MultiCheckboxField(_l("Where the competence comes from"), choices=_choices(SOURCES))
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=4000), no_control_characters]
    )


def unit_form(outcomes, formdata=None, data=None) -> FlaskForm:
    """A form with one OutcomeEntryForm per outcome, named `o<outcome id>`."""

    class UnitMappingForm(FlaskForm):
        pass

    for outcome in outcomes:
        setattr(UnitMappingForm, f"o{outcome.id}", FormField(OutcomeEntryForm))
    if formdata is None:
        return UnitMappingForm(data=data)
    return UnitMappingForm(formdata=formdata)


class EvidenceForm(FlaskForm):
    """Evidence: a description, a reference or a file, for some of the framework's outcomes."""

    kind = RadioField(
        _l("Kind of evidence"),
        choices=_choices(EVIDENCE_KINDS),
        validators=[DataRequired(_l("Choose the kind of evidence."))],
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(), Length(max=200), no_control_characters]
    )
    text = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=10000), no_control_characters],
        description=_l("What the participant has done, where and for how long."),
    )
    reference = StringField(
        _l("Reference"),
        validators=[Optional(), Length(max=300), no_control_characters],
        description=_l("Who can confirm it, e.g. an employer's statement: name, role, contact."),
    )
    file = FileField(
        _l("File"),
        description=_l("PDF, JPEG or PNG, at most 10 MB."),
    )
    outcomes = MultiCheckboxField(_l("Learning outcomes it shows"), coerce=int)

    def validate(self, extra_validators=None) -> bool:
        """Each kind needs its own field; field validators stop early on empty optional ones."""
        valid = super().validate(extra_validators)
        kind = self.kind.data
        needs = {
            EvidenceKind.DESCRIPTION.value: (
                self.text,
                _l("Describe what the participant has done."),
            ),
            EvidenceKind.REFERENCE.value: (self.reference, _l("Say who or what the reference is.")),
            EvidenceKind.FILE.value: (self.file, _l("Choose a file to upload.")),
        }
        if kind in needs:
            field, message = needs[kind]
            empty = not field.data or (isinstance(field.data, str) and not field.data.strip())
            if empty and not field.errors:
                field.errors = [*field.errors, message]
                valid = False
        return valid


class RefuseEvidenceForm(FlaskForm):
    """Why the coach does not accept what the participant sent (the participant reads it)."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Write why the evidence is not accepted.")),
            Length(max=2000),
            no_control_characters,
        ],
        description=_l("The participant reads this on My pages. Write so that they understand."),
    )


# The participant's forms on My pages: plain words, short sentences (lättläst).


class OwnAnswerForm(FlaskForm):
    """The participant's own answer for one learning outcome."""

    answer = RadioField(
        _l("Can you do this?"),
        choices=_choices(CAN_DO),
        validators=[DataRequired(_l("Choose an answer."))],
    )
    learned_where = StringField(
        _l("Where did you learn it?"),
        validators=[Optional(), Length(max=300), no_control_characters],
        description=_l("For example at a job, in school or at home. You do not have to write."),
    )


class OwnEvidenceForm(FlaskForm):
    """A photo or a document the participant sends, and what it shows."""

    file = FileField(
        _l("Photo or document"),
        description=_l("A photo (JPEG or PNG) or a PDF. At most 10 MB."),
    )
    title = StringField(
        _l("What is it?"),
        validators=[DataRequired(_l("Write what it is.")), Length(max=200), no_control_characters],
        description=_l("For example: A letter from my last job."),
    )
    text = TextAreaField(
        _l("Tell more"),
        validators=[Optional(), Length(max=2000), no_control_characters],
        description=_l("What did you do? Where and when? You do not have to write."),
    )
    outcomes = MultiCheckboxField(_l("What does it show that you can do?"), coerce=int)

    def validate(self, extra_validators=None) -> bool:
        """A file is needed; its type and size are checked when it is stored (`uploads`)."""
        valid = super().validate(extra_validators)
        if not self.file.data and not self.file.errors:
            self.file.errors = [*self.file.errors, _l("Choose a photo or a document.")]
            valid = False
        return valid
