"""The form that registers a webhook."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired

from app.forms import FlaskForm, MultiCheckboxField, SelectField, free_text
from app.webhooks.labels import EVENTS


class WebhookForm(FlaskForm):
    """An API client of the municipality, the receiver's URL, the events it wants."""

    client = SelectField(
        _l("API client"),
        coerce=int,
        validators=[InputRequired(_l("Choose the API client the webhook belongs to."))],
    )
    url = StringField(
        _l("URL"),
        validators=[InputRequired(_l("Enter the receiver's address.")), *free_text(2000)],
        description=_l("The https address of your system that receives the events."),
    )
    events = MultiCheckboxField(
        _l("Events"),
        choices=[(event.value, label) for event, label in EVENTS.items()],
        validators=[InputRequired(_l("Choose at least one event."))],
    )

    def __init__(self, clients, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.client.choices = [(client.id, client.name) for client in clients]
