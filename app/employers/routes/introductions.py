"""Introductions: the employer's requests and the coach's inbox and answers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit import record, record_many
from app.cases.access import shows_identity
from app.cases.models import Case, Participant
from app.employers import bp
from app.employers.cards import pseudonym_of
from app.employers.forms import AcceptForm, DeclineForm
from app.employers.models import Introduction
from app.employers.queries import candidate_condition
from app.employers.routes.helpers import refused
from app.employers.services import NotAllowed
from app.employers.services import introductions as services
from app.employers.vocab import IntroductionStatus
from app.extensions import db
from app.permissions import load, permission
from app.vocab import Role
from app.web import me

PER_PAGE = 25


def _inbox_query(user) -> sa.Select:
    """Introductions for participants with a case in the coach's municipality, open first."""
    in_municipality = sa.exists().where(
        Case.participant_id == Introduction.participant_id,
        Case.municipality_id == user.municipality_id,
    )
    waiting = sa.case(
        (Introduction.status.in_([IntroductionStatus.REQUESTED, IntroductionStatus.ASKED]), 0),
        else_=1,
    )
    return (
        sa.select(Introduction)
        .where(in_municipality)
        .order_by(waiting, Introduction.created_at.desc(), Introduction.id.desc())
    )


@bp.get("/introductions")
@permission("introduction.list")
def introductions():
    """Employers: their requests. Coaches: the introductions to answer."""
    if current_user.has_role(Role.EMPLOYER) and current_user.employer_id:
        query = (
            sa.select(Introduction)
            .join(Participant, Participant.id == Introduction.participant_id)
            .where(Introduction.employer_id == current_user.employer_id, candidate_condition())
            .order_by(Introduction.created_at.desc(), Introduction.id.desc())
        )
    else:
        query = _inbox_query(current_user)
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    rows = [_row(item) for item in page.items]
    record_many("introduction.list_viewed", None, [item.participant_id for item in page.items])
    db.session.commit()
    return render_template("employers/introductions.html", page=page, rows=rows)


def _row(item: Introduction) -> dict:
    """What a list shows of an introduction, to this user."""
    if current_user.has_role(Role.EMPLOYER):
        revealed = services.reveals_identity(item)
        return {
            "item": item,
            "who": item.participant.full_name
            if revealed
            else pseudonym_of(item.employer_id, item.participant_id),
        }
    visible = shows_identity(current_user, item.participant)
    return {"item": item, "who": item.participant.full_name if visible else _("Protected identity")}


def _certificate_links(item: Introduction) -> list[dict]:
    """The candidate's valid certificates an employer may now download."""
    if "certificates.pdf" not in current_app.view_functions:
        return []
    from app.certificates.models import Certificate

    rows = db.session.execute(
        sa.select(Certificate.id, Certificate.framework_name, Certificate.issued_at).where(
            Certificate.participant_id == item.participant_id, Certificate.revoked_at.is_(None)
        )
    )
    return [
        {"url": url_for("certificates.pdf", certificate_id=cid), "name": name, "issued": at}
        for cid, name, at in rows
    ]


@bp.get("/introductions/<int:introduction_id>")
@permission("introduction.view")
def introduction(introduction_id: int):
    """One introduction: for the employer, the name and contact once accepted."""
    item = load(Introduction, introduction_id, "introduction.view")
    employer_view = current_user.has_role(Role.EMPLOYER)
    revealed = employer_view and services.reveals_identity(item)
    context = {
        "item": item,
        "employer_view": employer_view,
        "revealed": revealed,
        "pseudonym": pseudonym_of(item.employer_id, item.participant_id),
        "certificates": _certificate_links(item) if revealed else [],
        "shows_name": not employer_view and shows_identity(current_user, item.participant),
        "accept_form": AcceptForm(),
        "decline_form": DeclineForm(),
    }
    record("employers.introduction_viewed", item, participant_id=item.participant_id)
    db.session.commit()
    return render_template("employers/introduction.html", **context)


def _answer(item: Introduction, change, success: str):
    try:
        change()
        db.session.commit()
        flash(success, "success")
    except NotAllowed as exc:
        db.session.rollback()
        refused(exc)
    return redirect(url_for("employers.introduction", introduction_id=item.id))


@bp.post("/introductions/<int:introduction_id>/ask")
@permission("introduction.decide")
def introduction_ask(introduction_id: int):
    """The coach has asked the participant."""
    item = load(Introduction, introduction_id, "introduction.decide")
    return _answer(item, lambda: services.mark_asked(item, me()), _("Marked as asked."))


@bp.post("/introductions/<int:introduction_id>/accept")
@permission("introduction.decide")
def introduction_accept(introduction_id: int):
    """The participant accepted; the employer sees the name and the shared contact."""
    item = load(Introduction, introduction_id, "introduction.decide")
    form = AcceptForm()
    if not form.validate_on_submit():
        return _invalid(item, accept_form=form)
    contact = form.shared_contact.data.strip()
    return _answer(
        item,
        lambda: services.accept_introduction(item, contact, me()),
        _("The introduction was accepted."),
    )


@bp.post("/introductions/<int:introduction_id>/decline")
@permission("introduction.decide")
def introduction_decline(introduction_id: int):
    """The participant declined; the employer sees only that."""
    item = load(Introduction, introduction_id, "introduction.decide")
    form = DeclineForm()
    if not form.validate_on_submit():
        return _invalid(item, decline_form=form)
    reason = (form.reason.data or "").strip()
    return _answer(
        item,
        lambda: services.decline_introduction(item, reason, me()),
        _("The introduction was declined."),
    )


def _invalid(item: Introduction, **forms):
    """The introduction page again, with the refused form's messages."""
    context = {
        "item": item,
        "employer_view": False,
        "revealed": False,
        "pseudonym": pseudonym_of(item.employer_id, item.participant_id),
        "certificates": [],
        "shows_name": shows_identity(current_user, item.participant),
        "accept_form": forms.get("accept_form") or AcceptForm(formdata=None),
        "decline_form": forms.get("decline_form") or DeclineForm(formdata=None),
    }
    return render_template("employers/introduction.html", **context), 200
