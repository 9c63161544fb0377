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


rule("employers.index", *ALL)
rule("employer.view", *ALL, scope=access.can_view_employer)
rule("employer.contacts", Role.COACH, scope=access.staff_sees_employer)
rule("need.create", Role.EMPLOYER, Role.COACH, scope=access.can_view_employer)
rule("need.view", *ALL, scope=access.can_view_need)
rule("need.edit", Role.EMPLOYER, Role.COACH, scope=access.can_view_need)
rule("candidate.view", Role.EMPLOYER, scope=_is_candidate)
rule("introduction.list", Role.EMPLOYER, Role.COACH)
rule("introduction.request", Role.EMPLOYER, scope=access.can_request_introduction)
rule("introduction.view", *ALL, scope=access.can_view_introduction)
rule("introduction.decide", Role.COACH, scope=access.can_decide_introduction)
rule("candidate.list", Role.COACH)
rule("candidate_profile.edit", Role.COACH, scope=can_edit_participant)
rule("participant.needs", *STAFF, scope=can_view_participant)
rule("placement.create", Role.COACH, scope=can_edit_case)
rule("placement.view", *STAFF, scope=access.can_view_placement)
rule("placement.edit", *STAFF, scope=access.can_edit_placement)

nav_item("employers.index", _l("Employers"), *STAFF, order=40)
nav_item("employers.index", _l("Competence needs"), Role.EMPLOYER, order=10)
nav_item("employers.coach_candidates", _l("Candidates"), Role.COACH, order=42)
nav_item("employers.introductions", _l("Introductions"), Role.EMPLOYER, Role.COACH, order=41)


def init_app(app: Flask) -> None:
    """Register the area: the keeper of the matching summaries (`summaries`), certificate access,
    facts and home panels (`hooks`), its views, the blueprint, and the words of its refusals."""
    load(
        __name__,
        "summaries",
        "hooks",
        "routes.candidates",
        "routes.introductions",
        "routes.needs",
        "routes.organisations",
        "routes.placements",
    )
    app.register_blueprint(bp)
    refusal_words(app, labels.REFUSALS)
