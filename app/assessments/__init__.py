"""Assessments: practical and theoretical tests, unit decisions, internal quality assurance."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.assessments import access, labels
from app.main.home import admin_link, nav_item
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("assessments", __name__, url_prefix="/assessments")

R = Role
rule("assessment.list", R.COACH, R.ASSESSOR)
rule("assessment.case", R.COACH, scope=access.is_case_coach_staff)
rule("assessment.plan", R.COACH, scope=access.can_plan)
rule("assessment.view", R.COACH, R.ASSESSOR, R.INTERNAL_VERIFIER, scope=access.can_view_assessment)
rule("assessment.cancel", R.COACH, scope=access.can_manage_assessment)
rule("assessment.record", R.ASSESSOR, scope=access.assesses)
rule("assessment.decide", R.ASSESSOR, scope=access.assesses)
rule("assessment.sign", R.ASSESSOR, scope=access.assesses_case)
rule("assessment.train", R.COACH, scope=access.can_train)
rule(
    "decision.view",
    R.COACH,
    R.ASSESSOR,
    R.INTERNAL_VERIFIER,
    R.EXTERNAL_VERIFIER,
    scope=access.can_view_decision,
)
rule("decision.verify", R.INTERNAL_VERIFIER, scope=access.can_verify)
rule("decision.revise", R.ASSESSOR, scope=access.made_decision)
rule("decision.queue", R.INTERNAL_VERIFIER)
rule("assessment.settings", R.ADMIN, scope=access.administers)
rule("external.sample", R.EXTERNAL_VERIFIER, scope=access.any_municipality)

nav_item("assessments.index", _l("Assessments"), R.COACH, R.ASSESSOR, order=30)
nav_item("assessments.queue", _l("Verification"), R.INTERNAL_VERIFIER, order=31)
nav_item(
    "assessments.external_index", _l("External quality assurance"), R.EXTERNAL_VERIFIER, order=32
)
admin_link(
    "assessments.settings",
    _l("Verification sampling"),
    _l("The share of assessment decisions each municipality's internal verifiers check."),
)


def init_app(app: Flask) -> None:
    """Register the area: the guard that locks verified decisions (`locking`), facts, viewers,
    timeline and home panels (`hooks`), its views (`routes`), the blueprint and the words of its
    refusals."""
    load(
        __name__,
        "locking",
        "hooks",
        "routes.attachments",
        "routes.decisions",
        "routes.items",
        "routes.planning",
        "routes.quality",
        "routes.recording",
    )
    app.register_blueprint(bp)
    refusal_words(app, labels.REFUSALS)
