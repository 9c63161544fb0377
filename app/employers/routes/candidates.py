"""Candidates: the employer's card, the coach's profile form, and needs for a participant."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases.access import shows_identity
from app.cases.models import Case, Participant
from app.employers import bp, matching, queries
from app.employers.cards import candidate_card, participant_id_of, pseudonym_of
from app.employers.forms import IntroductionRequestForm, ProfileForm
from app.employers.matching import Distance
from app.employers.models import CompetenceNeed
from app.employers.services import introductions as intro_services
from app.employers.services.matches import wanted_units
from app.employers.services.profiles import PROFILE_FIELDS, profile_of, save_profile
from app.extensions import db
from app.permissions import permission
from app.web import load, me, page_number, save, seen, seen_many

NEEDS_PER_PAGE = 20


def _request_form() -> IntroductionRequestForm:
    form = IntroductionRequestForm()
    form.need_id.choices = [(n.id, n.title) for n in queries.open_needs(current_user.employer_id)]
    if request.method == "GET" and request.args.get("need", "").isdigit():
        form.need_id.data = int(request.args["need"])
    return form


def _load_candidate(token: str) -> Participant:
    """The candidate a token of the user's employer names (404 for any other token)."""
    participant_id = participant_id_of(current_user.employer_id, token)
    if participant_id is None:
        abort(404)
    return load(Participant, participant_id, "candidate.view")


def _request_introduction(participant: Participant, form: IntroductionRequestForm):
    """Ask for an introduction for the chosen need; None when refused."""
    need = load(CompetenceNeed, form.need_id.data, "introduction.request")
    message = (form.message.data or "").strip()
    return save(
        lambda: intro_services.request_introduction(need, participant.id, message, me()),
        _("The introduction was requested. The coach will ask the candidate."),
        url_for("employers.introductions"),
        form=form,
    )


def _card_page(participant: Participant, form: IntroductionRequestForm):
    """The candidate's card as the user's employer sees it, with its introductions (the read
    is logged)."""
    seen("employers.candidate_viewed", participant, participant_id=participant.id)
    return render_template(
        "employers/candidate.html",
        card=candidate_card(participant, current_user.employer_id),
        form=form,
        introductions=queries.introductions_between(current_user.employer_id, participant.id),
    )


@bp.route("/candidates/<token>", methods=["GET", "POST"])
@permission("candidate.view")
def candidate(token: str):
    """A candidate's pseudonymised card; the employer may ask for an introduction."""
    participant = _load_candidate(token)
    form = _request_form()
    if form.validate_on_submit():
        done = _request_introduction(participant, form)
        if done:
            return done
    return _card_page(participant, form)


def _save_profile(participant: Participant, form: ProfileForm):
    """Save the candidate profile from the form and go on to the participant's needs; None
    when refused."""
    data = {name: form[name].data for name in PROFILE_FIELDS}
    data["desired_occupations"] = (data["desired_occupations"] or "").strip() or None
    return save(
        lambda: save_profile(participant, data, me()),
        _("The candidate profile was saved."),
        url_for("employers.participant_needs", participant_id=participant.id),
        form=form,
    )


@bp.route("/participants/<int:participant_id>/profile", methods=["GET", "POST"])
@permission("candidate_profile.edit")
def profile(participant_id: int):
    """The coach writes down availability and wishes, and what the participant agreed to."""
    participant = load(Participant, participant_id, "candidate_profile.edit")
    form = ProfileForm(obj=profile_of(participant.id))
    if form.validate_on_submit():
        done = _save_profile(participant, form)
        if done:
            return done
    return render_template("employers/profile_form.html", form=form, participant=participant)


def _needs_page(participant: Participant, page: int) -> dict:
    """One page of the open needs that fit the participant, each with its match and the
    participant's pseudonym at its employer, and the participant's candidate profile."""
    rows, total, evidence = queries.needs_for_participant(participant, page, NEEDS_PER_PAGE)
    needs = queries.needs_by_id([r.need_id for r in rows])
    shown = []
    for r in rows:
        need = needs[r.need_id]
        match = matching.match(wanted_units(need), evidence[r.need_id], Distance(r.distance))
        shown.append((need, match, pseudonym_of(need.employer_id, participant.id)))
    pages = max(1, -(-total // NEEDS_PER_PAGE))
    profile = profile_of(participant.id)
    return {"rows": shown, "total": total, "page": page, "pages": pages, "profile": profile}


@bp.get("/participants/<int:participant_id>/needs")
@permission("participant.needs")
def participant_needs(participant_id: int):
    """Open needs across employers that fit the participant, ranked as candidates are."""
    participant = load(
        Participant, participant_id, "participant.needs", options=queries.shown_with_participant()
    )
    context = _needs_page(participant, page_number())
    seen("employers.needs_for_participant", participant, participant_id=participant.id)
    return render_template("employers/participant_needs.html", participant=participant, **context)


@bp.get("/candidates")
@permission("candidate.list")
def coach_candidates():
    """The municipality's participants in matching or placed, with their way to employers."""
    query = queries.municipality_candidates(current_user.municipality_id)
    page = db.paginate(query, per_page=NEEDS_PER_PAGE, error_out=False)
    seen_many("employers.candidates_of_municipality", None, [c.participant_id for c in page.items])
    return render_template("employers/coach_candidates.html", page=page, rows=_rows(page.items))


def _rows(cases: list[Case]) -> list[dict]:
    """What the list shows of each case: the name unless the identity is protected, and
    whether employers may see the participant."""
    shown = queries.candidates_among([case.participant_id for case in cases])
    return [
        {
            "case": case,
            "name": case.participant.full_name
            if shows_identity(current_user, case.participant)
            else _("Protected identity"),
            "shown": case.participant_id in shown,
        }
        for case in cases
    ]
