"""The shared choice fields (app/forms.py) and the one page-number reader behind db.paginate."""

from __future__ import annotations

import sqlalchemy as sa
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.fields import SelectFieldBase
from wtforms.validators import ValidationError

from app.auth.models import User
from app.extensions import db
from app.forms import CheckedChoices, MultiCheckboxField, RadioField, SelectField, enum_coerce
from app.vocab import Role
from app.web import MAX_PAGE

# WTForms' messages, in the default language (Swedish)
NOT_A_CHOICE = "Inte ett giltigt val"
NOT_COERCED = "Välj ett av de alternativ som visas."


class _Probe(FlaskForm):
    class Meta:
        csrf = False

    roles = MultiCheckboxField(choices=[(r.value, r.value) for r in Role])
    kind = RadioField(choices=[("a", "A"), ("b", "B")])
    role = SelectField(choices=[("", "-"), *[(r, r.value) for r in Role]], coerce=enum_coerce(Role))
    number = SelectField(choices=[(1, "one")], coerce=int)

    def validate_roles(self, field):  # as the user form does: it relies on known values
        if Role.ADMIN in {Role(value) for value in field.data}:
            raise ValidationError("no admins here")


def _form(app, **data) -> _Probe:
    with app.test_request_context(method="POST", data=MultiDict(data)):
        form = _Probe()
        form.validate()
        return form


def test_a_value_that_is_no_choice_is_an_error_at_the_field_not_an_exception(app):
    form = _form(app, roles=["coach", "nosuch"], kind="c", role="nosuch", number="twelve")
    assert form.errors == {
        "roles": ["'nosuch' är inte ett giltigt val för detta fält."],
        "kind": [NOT_A_CHOICE],
        "role": [NOT_COERCED],
        "number": [NOT_COERCED],
    }


def test_a_huge_number_is_no_choice(app):
    assert _form(app, number="9" * 30, kind="a", role="coach").errors == {"number": [NOT_A_CHOICE]}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_choice_field_of_the_app_checks_its_choices(app):
    """Forms take their choice fields from app.forms (the app imports every form)."""
    unchecked = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _subclasses(FlaskForm)
        if form.__module__.startswith("app.")
        for name, unbound in vars(form).items()
        if isinstance(getattr(unbound, "field_class", None), type)
        and issubclass(unbound.field_class, SelectFieldBase)
        and not issubclass(unbound.field_class, CheckedChoices)
    ]
    assert len(list(_subclasses(FlaskForm))) > 20
    assert not unchecked, "import these choice fields from app.forms: " + ", ".join(unchecked)


def test_every_list_reads_its_page_number_through_the_one_reader(app, world):
    """db.paginate never takes a page number or size from the query string unchecked."""
    query = sa.select(User).order_by(User.id)
    for asked, page in (("9" * 30, MAX_PAGE), ("-3", 1), ("abc", 1), ("2", 2)):
        with app.test_request_context(f"/?page={asked}&per_page={'9' * 30}"):
            result = db.paginate(query, per_page=3, error_out=False)
            assert (result.page, result.per_page) == (page, 3)
        with app.test_request_context(f"/?per_page={'9' * 30}"):
            assert db.paginate(query, error_out=False).per_page == 20
