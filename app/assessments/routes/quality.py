"""Sampling settings (administration) and external quality assurance (EK)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.assessments import bp
from app.assessments.forms import ReportForm, SettingsForm
from app.assessments.models import AssessmentSettings
from app.assessments.routes.helpers import load
from app.assessments.services import external
from app.assessments.services.verification import sample_percent, set_sample_percent
from app.extensions import db
from app.organisations.models import Municipality
from app.permissions import can, permission
from app.web import me

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


@bp.route("/settings/<int:municipality_id>", methods=["GET", "POST"])
@permission("assessment.settings")
def settings_edit(municipality_id: int):
    """Change a municipality's share of decisions verified."""
    municipality = load(Municipality, municipality_id, "assessment.settings")
    form = SettingsForm()
    if form.validate_on_submit():
        set_sample_percent(municipality, form.sample_percent.data, me())
        db.session.commit()
        flash(_("The share of decisions verified was saved."), "success")
        return redirect(url_for("assessments.settings"))
    if not form.is_submitted():
        form.sample_percent.data = sample_percent(municipality.id)
    current = db.session.scalar(
        sa.select(AssessmentSettings).where(AssessmentSettings.municipality_id == municipality.id)
    )
    return render_template(
        "assessments/settings_form.html", municipality=municipality, form=form, current=current
    )


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


def _ids(raw: str | None) -> list[int] | None:
    parts = [p for p in (raw or "").split(",") if p.strip()]
    if len(parts) > MAX_SAMPLED or not all(
        p.strip().isdigit() and len(p.strip()) < 12 for p in parts
    ):
        return None
    return [int(p) for p in parts]


@bp.post("/external/<int:municipality_id>/reports")
@permission("external.sample")
def external_report(municipality_id: int):
    """Leave a report on the sample."""
    municipality = load(Municipality, municipality_id, "external.sample")
    form = ReportForm()
    ids = _ids(form.decision_ids.data)
    if ids is None:
        abort(400)
    decisions = external.sampled(municipality.id, ids)
    if not form.validate_on_submit():
        return _sample_page(municipality, form, decisions)
    external.add_report(municipality, decisions, form.text.data, me())
    db.session.commit()
    flash(_("Your report was saved."), "success")
    return redirect(url_for("assessments.external_sample", municipality_id=municipality.id))
