"""The administrator's forms for API clients."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired

from app.api.labels import SCOPE_LABELS
from app.forms import FlaskForm, MultiCheckboxField, free_text


class ClientForm(FlaskForm):
    """A new API client: its name and scopes."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(), *free_text(100)],
        description=_l("The system that will call the API, e.g. the social services' case system."),
    )
    scopes = MultiCheckboxField(
        _l("Scopes"),
        choices=[(str(scope), label) for scope, label in SCOPE_LABELS.items()],
        validators=[DataRequired(message=_l("Choose at least one scope."))],
    )
