"""Home page and accessibility statement."""

from flask import render_template
from flask_login import current_user

from app.main import bp
from app.main.home import panels_for
from app.permissions import login_required, public
from app.web import seen_many


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
    """The accessibility statement (tillgänglighetsredogörelse)."""
    return render_template("main/accessibility.html")


@bp.get("/privacy")
@public
def privacy():
    """How Validera handles personal data."""
    return render_template("main/privacy.html")
