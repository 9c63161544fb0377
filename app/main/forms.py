"""Forms of the pages that belong to no single area."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import FlaskForm
from app.validators import no_control_characters


class FeedbackForm(FlaskForm):
    """Feedback about accessibility, from anyone, to the municipality."""

    message = TextAreaField(
        _l("What did not work, or what do you need?"),
        validators=[
            DataRequired(_l("Write your message.")),
            Length(min=10, max=5000),
            no_control_characters,
        ],
        description=_l("Do not write your personal identity number or other sensitive details."),
    )
    reply_to = EmailField(
        _l("Your email address, if you want an answer"),
        validators=[Optional(), Email(), Length(max=254)],
    )
    page = HiddenField(validators=[Optional(), Length(max=300)])
    # Left empty by people; robots that fill every field are turned away (a honeypot).
    website = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])
