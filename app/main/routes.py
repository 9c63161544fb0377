"""Home page and accessibility statement."""

import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db, get_or_none, limiter
from app.main import bp, services
from app.main.forms import FeedbackForm
from app.main.home import panels_for
from app.main.labels import COMPLIANCE, COMPLIANCE_SENTENCES
from app.organisations.models import Municipality
from app.permissions import login_required, public
from app.web import save, seen_many


@bp.get("/")
@login_required
def home():
    """Each role's own work, gathered from the areas' panels; one log line for each
    participant a panel names (a panel lists them under `shown`)."""
    panels = panels_for(current_user)
    seen_many("home.viewed", None, [pid for _, panel in panels for pid in panel.get("shown", ())])
    return render_template("main/home.html", panels=panels)


@bp.get("/accessibility")
@public
def accessibility():
    """The accessibility statement (tillgänglighetsredogörelse): what holds for every
    municipality, and each municipality's own statement."""
    municipalities = db.session.scalars(sa.select(Municipality).order_by(Municipality.name))
    return render_template("main/accessibility.html", municipalities=list(municipalities))


def feedback_limit() -> str:
    """How often one address may send feedback (ACCESSIBILITY_FEEDBACK_LIMIT)."""
    return current_app.config.get("ACCESSIBILITY_FEEDBACK_LIMIT", "5/hour")


@bp.get("/accessibility/<int:municipality_id>")
@public
def accessibility_of(municipality_id: int):
    """A municipality's accessibility statement, with its feedback form."""
    municipality = get_or_none(Municipality, municipality_id) or abort(404)
    form = FeedbackForm(page=request.referrer)
    return _statement(municipality, form)


@bp.post("/accessibility/<int:municipality_id>")
@limiter.limit(feedback_limit)
@public
def accessibility_feedback(municipality_id: int):
    """Send feedback about accessibility to the municipality (stored and mailed)."""
    municipality = get_or_none(Municipality, municipality_id) or abort(404)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _statement(municipality, form)
    if form.website.data:  # a robot filled the hidden field: thank it and keep nothing
        return redirect(url_for("main.accessibility_of", municipality_id=municipality.id))
    return save(
        lambda: services.send_feedback(municipality, form),
        _(
            "Thank you. Your message has been sent to %(municipality)s.",
            municipality=municipality.name,
        ),
        url_for("main.accessibility_of", municipality_id=municipality.id),
        form=form,
    ) or _statement(municipality, form)


def _statement(municipality, form):
    return render_template(
        "main/accessibility_of.html",
        municipality=municipality,
        form=form,
        compliance=COMPLIANCE,
        sentences=COMPLIANCE_SENTENCES,
    )


@bp.get("/privacy")
@public
def privacy():
    """How Validera handles personal data."""
    return render_template("main/privacy.html")
