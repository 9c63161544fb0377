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
# The pages a menu link stands for besides its own (see `nav_item`'s claims).
VERIFIER_PAGES = ("assessments.decision",)
EXTERNAL_PAGES = ("assessments.external_sample",)


def init_app(app: Flask) -> None:
    """Register the area: its rules, menu links and administration card, the guard that locks
    verified decisions (`locking`), facts, timeline and home panels (`hooks`), its views and
    error handler (`routes`), then the blueprint."""
    from app.assessments import hooks, locking

    rule(app, "assessment.list", R.COACH, R.ASSESSOR)
    rule(app, "assessment.case", R.COACH, scope=access.is_case_coach_staff)
    rule(app, "assessment.plan", R.COACH, scope=access.can_plan)
    rule(
        app,
        "assessment.view",
        R.COACH,
        R.ASSESSOR,
        R.INTERNAL_VERIFIER,
        scope=access.can_view_assessment,
    )
    rule(app, "assessment.cancel", R.COACH, scope=access.can_manage_assessment)
    rule(app, "assessment.record", R.ASSESSOR, scope=access.assesses)
    rule(app, "assessment.decide", R.ASSESSOR, scope=access.assesses)
    rule(app, "assessment.sign", R.ASSESSOR, scope=access.assesses_case)
    rule(app, "assessment.train", R.COACH, scope=access.can_train)
    rule(
        app,
        "decision.view",
        R.COACH,
        R.ASSESSOR,
        R.INTERNAL_VERIFIER,
        R.EXTERNAL_VERIFIER,
        scope=access.can_view_decision,
    )
    rule(app, "decision.verify", R.INTERNAL_VERIFIER, scope=access.can_verify)
    rule(app, "decision.revise", R.ASSESSOR, scope=access.made_decision)
    # The administrator reads the queue (told when decisions wait too long); verifiers act on it.
    rule(app, "decision.queue", R.INTERNAL_VERIFIER, R.ADMIN)
    rule(app, "assessment.settings", R.ADMIN, scope=access.administers)
    # Told that decisions have waited too long for verification in their municipality.
    rule(app, "verification.overdue", R.INTERNAL_VERIFIER, R.ADMIN, scope=access.administers)
    rule(app, "external.sample", R.EXTERNAL_VERIFIER, scope=access.any_municipality)

    nav_item(app, "assessments.index", _l("Assessments"), R.COACH, R.ASSESSOR, order=30)
    # The verifier's pages: the queue and the decision they verify.
    nav_item(
        app,
        "assessments.queue",
        _l("Verification"),
        R.INTERNAL_VERIFIER,
        order=31,
        claims=VERIFIER_PAGES,
    )
    nav_item(
        app,
        "assessments.external_index",
        _l("External quality assurance"),
        R.EXTERNAL_VERIFIER,
        order=32,
        claims=EXTERNAL_PAGES,
    )
    admin_link(
        app,
        "assessments.settings",
        _l("Verification sampling"),
        _l("The share of assessment decisions each municipality's internal verifiers check."),
    )
    locking.install()
    hooks.register(app)
    load(
        __name__,
        "routes.attachments",
        "routes.decisions",
        "routes.items",
        "routes.planning",
        "routes.quality",
        "routes.recording",
    )
    app.register_blueprint(bp)
    refusal_words(app, labels.REFUSALS)
