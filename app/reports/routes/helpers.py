"""What the reports area's views share: the filters and their description."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import User
from app.db import today
from app.extensions import db
from app.reports import bp, labels
from app.reports.access import scope_for
from app.reports.forms import FilterForm
from app.reports.queries.choices import coach_choices, framework_choices, municipality_choices
from app.reports.scope import Filters, Scope, default_period


def filter_form(scope: Scope) -> FilterForm:
    """The filter form with the choices the scope allows (coaches only in a municipality)."""
    form = FilterForm(formdata=request.args)
    municipalities = municipality_choices(scope.municipality_ids)
    form.municipality.choices = [("", _("All municipalities"))] + municipalities
    form.framework.choices = [("", _("All frameworks"))] + framework_choices()
    local = not scope.regional and scope.municipality_ids
    coaches = coach_choices(scope.municipality_ids[0]) if local else []
    form.coach.choices = [("", _("All coaches"))] + coaches
    return form


def current_scope() -> Scope:
    return scope_for(current_user)


def filters_from(form: FilterForm, scope: Scope) -> Filters:
    """The filters of a valid form; the period defaults to the last twelve months."""
    start, end = default_period(today())
    date_from, date_to = form.date_from.data, form.date_to.data
    if date_from is None:
        date_from = start if date_to is None or date_to >= start else date_to.replace(day=1)
    if date_to is None:
        date_to = max(end, date_from)
    form.date_from.data, form.date_to.data = date_from, date_to  # shown as applied
    return Filters(
        date_from=date_from,
        date_to=date_to,
        municipality_id=form.municipality.data if len(scope.municipality_ids) > 1 else None,
        framework_code=form.framework.data,
        source=form.source.data,
        coach_id=None if scope.regional else form.coach.data,
    )


def describe(
    scope: Scope, filters: Filters, form: FilterForm | None = None
) -> list[tuple[str, str]]:
    """The scope and filters in words, as written in every exported file (the names of the
    municipalities from the filter form's choices when it is given)."""
    if form is not None:
        names = {value: name for value, name in form.municipality.choices if value != ""}
    else:
        names = dict(municipality_choices(scope.municipality_ids))
    lines = [
        (_("Municipalities"), ", ".join(sorted(names.values()))),
        (_("Period"), f"{filters.date_from.isoformat()} – {filters.date_to.isoformat()}"),
    ]
    if scope.regional:
        lines.append((_("View"), _("Regional, aggregated: fewer than 5 shown as <5")))
    if filters.municipality_id is not None:
        lines.append((_("Municipality"), names.get(filters.municipality_id, "")))
    if filters.framework_code is not None:
        frameworks = dict(framework_choices())
        name = frameworks.get(filters.framework_code, filters.framework_code)
        lines.append((_("Framework"), name))
    if filters.source is not None:
        lines.append((_("Referral source"), str(labels.SOURCE_FILTER[filters.source])))
    if filters.coach_id is not None:
        coach = db.session.get(User, filters.coach_id)
        lines.append((_("Coach"), coach.name if coach else ""))
    return lines


@bp.context_processor
def _words() -> dict:
    return {"section_labels": labels.SECTIONS, "status_labels": labels.EXPORT_STATUSES}
