"""Sampling settings (administration) and external quality assurance (EK)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.assessments import bp
from app.assessments.forms import ReportForm, SettingsForm
from app.assessments.models import AssessmentSettings
from app.assessments.services import external
from app.assessments.services.verification import sample_percent, set_sample_percent
from app.extensions import db
from app.organisations.models import Municipality
from app.permissions import can, permission
from app.web import load, me, save

MAX_SAMPLED = 100  # a report covers at most this many sampled decisions


def _municipalities() -> list[Municipality]:
    return list(db.session.scalars(sa.select(Municipality).order_by(Municipality.name)))


@bp.get("/settings")
@permission("assessment.settings")
def settings():
    """The administrator's municipality's share of decisions verified."""
    own = [m for m in _municipalities() if can(current_user, "assessment.settings", m)]
    rows = [(m, sample_percent(m.id)) for m in own]
    return render_template("assessments/settings.html", rows=rows)


def _settings_page(municipality, form):
    if not form.is_submitted():
        form.sample_percent.data = sample_percent(municipality.id)
    current = db.session.scalar(
        sa.select(AssessmentSettings).where(AssessmentSettings.municipality_id == municipality.id)
    )
    return render_template(
        "assessments/settings_form.html", municipality=municipality, form=form, current=current
    )


@bp.route("/settings/<int:municipality_id>", methods=["GET", "POST"])
@permission("assessment.settings")
def settings_edit(municipality_id: int):
    """Change a municipality's share of decisions verified."""
    municipality = load(Municipality, municipality_id, "assessment.settings")
    form = SettingsForm()
    done = form.validate_on_submit() and save(
        lambda: set_sample_percent(municipality, form.sample_percent.data, me()),
        _("The share of decisions verified was saved."),
        url_for("assessments.settings"),
        form=form,
    )
    return done or _settings_page(municipality, form)


@bp.get("/external")
@permission("external.sample")
def external_index():
    """The municipalities an external quality assurer may sample."""
    return render_template("assessments/external_index.html", municipalities=_municipalities())


def _sample_page(municipality, form, decisions, status=200):
    return (
        render_template(
            "assessments/external_sample.html",
            municipality=municipality,
            form=form,
            decisions=decisions,
            reports=external.reports_for(municipality.id),
        ),
        status,
    )


@bp.get("/external/<int:municipality_id>")
@permission("external.sample")
def external_sample(municipality_id: int):
    """A random sample of the municipality's verified decisions, and the report form."""
    municipality = load(Municipality, municipality_id, "external.sample")
    decisions = external.draw_sample(municipality.id)
    form = ReportForm(decision_ids=",".join(str(d.id) for d in decisions))
    return _sample_page(municipality, form, decisions)


def _sent_sample(municipality, form) -> list:
    """The municipality's verified decisions the report form names (400 for a list that no
    sample could have drawn)."""
    parts = [p for p in (form.decision_ids.data or "").split(",") if p.strip()]
    if len(parts) > MAX_SAMPLED or not all(
        p.strip().isdigit() and len(p.strip()) < 12 for p in parts
    ):
        abort(400)
    return external.sampled(municipality.id, [int(p) for p in parts])


@bp.post("/external/<int:municipality_id>/reports")
@permission("external.sample")
def external_report(municipality_id: int):
    """Leave a report on the sample."""
    municipality = load(Municipality, municipality_id, "external.sample")
    form = ReportForm()
    decisions = _sent_sample(municipality, form)
    done = form.validate_on_submit() and save(
        lambda: external.add_report(municipality, decisions, form.text.data, me()),
        _("Your report was saved."),
        url_for("assessments.external_sample", municipality_id=municipality.id),
        form=form,
    )
    return done or _sample_page(municipality, form, decisions)
