"""The employers area: competence needs, pseudonymised candidates, matching, introductions
and placements."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.cases.access import can_edit_case, can_edit_participant, can_view_participant
from app.employers import access, labels
from app.main.home import nav_item
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint("employers", __name__, url_prefix="/employers")

STAFF = (Role.COACH, Role.ADMIN)
ALL = (*STAFF, Role.EMPLOYER)


def _is_candidate(user, participant) -> bool:
    from app.employers.queries import is_candidate

    return is_candidate(participant.id)


def init_app(app: Flask) -> None:
    """Register the area: its rules and menu links, the keeper of the matching summaries
    (`summaries`), certificate access, facts and home panels (`hooks`), its views, then the
    blueprint."""
    from app.employers import hooks, summaries

    rule(app, "employers.index", *ALL)
    rule(app, "employer.view", *ALL, scope=access.can_view_employer)
    rule(app, "employer.contacts", Role.COACH, scope=access.staff_sees_employer)
    rule(app, "need.create", Role.EMPLOYER, Role.COACH, scope=access.can_view_employer)
    rule(app, "need.view", *ALL, scope=access.can_view_need)
    rule(app, "need.edit", Role.EMPLOYER, Role.COACH, scope=access.can_view_need)
    rule(app, "candidate.view", Role.EMPLOYER, scope=_is_candidate)
    rule(app, "introduction.list", Role.EMPLOYER, Role.COACH)
    rule(app, "introduction.request", Role.EMPLOYER, scope=access.can_request_introduction)
    rule(app, "introduction.view", *ALL, scope=access.can_view_introduction)
    rule(app, "introduction.decide", Role.COACH, scope=access.can_decide_introduction)
    rule(app, "candidate.list", Role.COACH)
    rule(app, "candidate_profile.edit", Role.COACH, scope=can_edit_participant)
    rule(app, "participant.needs", *STAFF, scope=can_view_participant)
    rule(app, "placement.create", Role.COACH, scope=can_edit_case)
    rule(app, "placement.view", *STAFF, scope=access.can_view_placement)
    rule(app, "placement.edit", *STAFF, scope=access.can_edit_placement)

    nav_item(app, "employers.index", _l("Employers"), *STAFF, order=40)
    nav_item(app, "employers.index", _l("Competence needs"), Role.EMPLOYER, order=10)
    nav_item(app, "employers.coach_candidates", _l("Candidates"), Role.COACH, order=42)
    nav_item(
        app, "employers.introductions", _l("Introductions"), Role.EMPLOYER, Role.COACH, order=41
    )
    summaries.KEEPER.install()
    hooks.register(app)
    load(
        __name__,
        "routes.candidates",
        "routes.introductions",
        "routes.needs",
        "routes.organisations",
        "routes.placements",
    )
    app.register_blueprint(bp)
    refusal_words(app, labels.REFUSALS)
