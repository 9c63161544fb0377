"""The notification settings form: per kind a choice of delivery, and the digest's hour."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired

from app.forms import FlaskForm, RadioField, SelectField, enum_choices, enum_coerce
from app.notifications.kinds import KindRule
from app.notifications.labels import DELIVERIES, KINDS
from app.notifications.vocab import Delivery, Kind

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
KIND_FIELDS = {kind.value for kind in Kind}  # a kind's field is named by its value


class SettingsForm(FlaskForm):
    """How each of the person's kinds reaches them; a field per kind is added by `settings_form`
    (named by the kind's value), then the hour."""

    digest_hour = SelectField(
        _l("Hour of the daily digest"),
        choices=HOURS,
        coerce=int,
        validators=[InputRequired()],
        description=_l("The digest is mailed at this hour when something waits in it."),
    )

    def chosen(self) -> dict[Kind, Delivery]:
        """The delivery chosen for each kind of the form."""
        return {Kind(f.name): f.data for f in self if f.name in KIND_FIELDS}


def settings_form(rules: list[KindRule], current: dict[Kind, Delivery], hour: int) -> SettingsForm:
    """The form for `rules` (the person's kinds), filled with `current` and `hour` until sent."""

    class PersonSettingsForm(SettingsForm):
        pass

    for rule in rules:
        setattr(
            PersonSettingsForm,
            rule.kind.value,
            RadioField(
                KINDS[rule.kind],
                choices=enum_choices(DELIVERIES),
                coerce=enum_coerce(Delivery),
                default=current[rule.kind],
                validators=[InputRequired()],
            ),
        )
    return PersonSettingsForm(data={"digest_hour": hour})
