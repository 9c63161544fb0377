"""Candidates: the employer's card, the coach's profile form, and needs for a participant."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from app.audit import record, record_many
from app.cases.access import shows_identity
from app.cases.models import Case, Participant
from app.employers import bp, matching
from app.employers.cards import candidate_card, participant_id_of, pseudonym_of
from app.employers.forms import IntroductionRequestForm, ProfileForm
from app.employers.matching import Distance
from app.employers.models import CompetenceNeed, Introduction
from app.employers.queries import (
    CANDIDATE_STAGES,
    candidate_condition,
    needs_for_participant_page,
    participant_evidence_for_needs,
)
from app.employers.routes.helpers import refused
from app.employers.services import NotAllowed
from app.employers.services import introductions as intro_services
from app.employers.services.matches import wanted_units
from app.employers.services.profiles import PROFILE_FIELDS, profile_of, save_profile
from app.employers.vocab import NeedStatus
from app.extensions import db
from app.permissions import load, permission
from app.web import me, page_number

NEEDS_PER_PAGE = 20


def _open_needs_of(employer_id: int) -> list[CompetenceNeed]:
    return list(
        db.session.scalars(
            sa.select(CompetenceNeed)
            .where(
                CompetenceNeed.employer_id == employer_id,
                CompetenceNeed.status == NeedStatus.OPEN,
            )
            .order_by(CompetenceNeed.title)
        )
    )


def _request_form() -> IntroductionRequestForm:
    form = IntroductionRequestForm()
    form.need_id.choices = [(n.id, n.title) for n in _open_needs_of(current_user.employer_id)]
    if request.method == "GET" and request.args.get("need", "").isdigit():
        form.need_id.data = int(request.args["need"])
    return form


def _my_introductions(participant_id: int) -> list[Introduction]:
    return list(
        db.session.scalars(
            sa.select(Introduction)
            .where(
                Introduction.employer_id == current_user.employer_id,
                Introduction.participant_id == participant_id,
            )
            .order_by(Introduction.created_at.desc())
        )
    )


def _load_candidate(token: str) -> Participant:
    """The candidate a token of the user's employer names (404 for any other token)."""
    participant_id = participant_id_of(current_user.employer_id, token)
    if participant_id is None:
        abort(404)
    return load(Participant, participant_id, "candidate.view")


@bp.route("/candidates/<token>", methods=["GET", "POST"])
@permission("candidate.view")
def candidate(token: str):
    """A candidate's pseudonymised card; the employer may ask for an introduction."""
    participant = _load_candidate(token)
    form = _request_form()
    if form.validate_on_submit():
        need = load(CompetenceNeed, form.need_id.data, "introduction.request")
        try:
            intro_services.request_introduction(
                need, participant.id, (form.message.data or "").strip(), me()
            )
            db.session.commit()
            flash(_("The introduction was requested. The coach will ask the candidate."), "success")
            return redirect(url_for("employers.introductions"))
        except NotAllowed as exc:
            db.session.rollback()
            refused(exc)
    record("employers.candidate_viewed", participant, participant_id=participant.id)
    db.session.commit()
    return render_template(
        "employers/candidate.html",
        card=candidate_card(participant, current_user.employer_id),
        form=form,
        introductions=_my_introductions(participant.id),
    )


@bp.route("/participants/<int:participant_id>/profile", methods=["GET", "POST"])
@permission("candidate_profile.edit")
def profile(participant_id: int):
    """The coach writes down availability and wishes, and what the participant agreed to."""
    participant = load(Participant, participant_id, "candidate_profile.edit")
    form = ProfileForm(obj=profile_of(participant.id))
    if form.validate_on_submit():
        data = {name: form[name].data for name in PROFILE_FIELDS}
        data["desired_occupations"] = (data["desired_occupations"] or "").strip() or None
        save_profile(participant, data, me())
        db.session.commit()
        flash(_("The candidate profile was saved."), "success")
        return redirect(url_for("employers.participant_needs", participant_id=participant.id))
    return render_template("employers/profile_form.html", form=form, participant=participant)


@bp.get("/participants/<int:participant_id>/needs")
@permission("participant.needs")
def participant_needs(participant_id: int):
    """Open needs across employers that fit the participant, ranked as candidates are."""
    participant = load(Participant, participant_id, "participant.needs")
    page = page_number()
    rows, total = needs_for_participant_page(participant, page, NEEDS_PER_PAGE)
    need_ids = [r.need_id for r in rows]
    needs = {
        n.id: n
        for n in db.session.scalars(
            sa.select(CompetenceNeed)
            .where(CompetenceNeed.id.in_(need_ids))
            # What the rows and their access checks read, loaded with the page of needs.
            .options(
                selectinload(CompetenceNeed.units),
                joinedload(CompetenceNeed.employer),
                joinedload(CompetenceNeed.municipality),
            )
        )
    }
    evidence = participant_evidence_for_needs(participant, need_ids)
    record("employers.needs_for_participant", participant, participant_id=participant.id)
    db.session.commit()
    return render_template(
        "employers/participant_needs.html",
        participant=participant,
        rows=[
            (
                needs[r.need_id],
                matching.match(
                    wanted_units(needs[r.need_id]), evidence[r.need_id], Distance(r.distance)
                ),
                pseudonym_of(needs[r.need_id].employer_id, participant.id),
            )
            for r in rows
        ],
        total=total,
        page=page,
        pages=max(1, -(-total // NEEDS_PER_PAGE)),
        profile=profile_of(participant.id),
    )


@bp.get("/candidates")
@permission("candidate.list")
def coach_candidates():
    """The municipality's participants in matching or placed, with their way to employers."""
    query = (
        sa.select(Case)
        .join(Case.participant)
        .where(
            Case.municipality_id == current_user.municipality_id,
            Case.stage.in_(CANDIDATE_STAGES),
        )
        .order_by(Case.stage, Case.stage_entered_at.desc(), Case.id)
    )
    page = db.paginate(query, per_page=NEEDS_PER_PAGE, error_out=False)
    visible = {
        pid
        for pid in db.session.scalars(
            sa.select(Participant.id).where(
                Participant.id.in_([c.participant_id for c in page.items]), candidate_condition()
            )
        )
    }
    rows = [
        {
            "case": case,
            "name": case.participant.full_name
            if shows_identity(current_user, case.participant)
            else _("Protected identity"),
            "shown": case.participant_id in visible,
        }
        for case in page.items
    ]
    record_many(
        "employers.candidates_of_municipality", None, [c.participant_id for c in page.items]
    )
    db.session.commit()
    return render_template("employers/coach_candidates.html", page=page, rows=rows)
