"""Introductions: the employer's requests and the coach's inbox and answers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases.access import shows_identity
from app.employers import bp, queries
from app.employers.cards import pseudonym_of
from app.employers.forms import AcceptForm, DeclineForm
from app.employers.models import Introduction
from app.employers.services import introductions as services
from app.extensions import db
from app.permissions import permission
from app.vocab import Role
from app.web import load, me, save, seen, seen_many

PER_PAGE = 25


def _listed() -> sa.Select:
    """The introductions this user's list pages through: an employer's own requests, or the
    coach's municipality's inbox."""
    if current_user.has_role(Role.EMPLOYER) and current_user.employer_id:
        return queries.requests_of(current_user.employer_id)
    return queries.inbox_of(current_user.municipality_id)


@bp.get("/introductions")
@permission("introduction.list")
def introductions():
    """Employers: their requests. Coaches: the introductions to answer."""
    page = db.paginate(_listed(), per_page=PER_PAGE, error_out=False)
    rows = [_row(item) for item in page.items]
    seen_many("introduction.list_viewed", None, [item.participant_id for item in page.items])
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
    return [
        {"url": url_for("certificates.pdf", certificate_id=cid), "name": name, "issued": at}
        for cid, name, at in queries.valid_certificates(item.participant_id)
    ]


def _page(item: Introduction, **forms):
    """The introduction's page: for the employer, the name and contact once accepted; for the
    coach, the forms to answer (`accept_form`, `decline_form`: those sent, with their errors)."""
    employer_view = current_user.has_role(Role.EMPLOYER)
    revealed = employer_view and services.reveals_identity(item)
    return render_template(
        "employers/introduction.html",
        item=item,
        employer_view=employer_view,
        revealed=revealed,
        pseudonym=pseudonym_of(item.employer_id, item.participant_id),
        certificates=_certificate_links(item) if revealed else [],
        shows_name=not employer_view and shows_identity(current_user, item.participant),
        accept_form=forms.get("accept_form") or AcceptForm(formdata=None),
        decline_form=forms.get("decline_form") or DeclineForm(formdata=None),
    )


def _here(item: Introduction) -> str:
    return url_for("employers.introduction", introduction_id=item.id)


@bp.get("/introductions/<int:introduction_id>")
@permission("introduction.view")
def introduction(introduction_id: int):
    """One introduction: for the employer, the name and contact once accepted."""
    item = load(Introduction, introduction_id, "introduction.view")
    seen("employers.introduction_viewed", item, participant_id=item.participant_id)
    return _page(item)


@bp.post("/introductions/<int:introduction_id>/ask")
@permission("introduction.decide")
def introduction_ask(introduction_id: int):
    """The coach has asked the participant."""
    item = load(Introduction, introduction_id, "introduction.decide")
    return save(lambda: services.mark_asked(item, me()), _("Marked as asked."), _here(item))


@bp.post("/introductions/<int:introduction_id>/accept")
@permission("introduction.decide")
def introduction_accept(introduction_id: int):
    """The participant accepted; the employer sees the name and the shared contact."""
    item = load(Introduction, introduction_id, "introduction.decide")
    form = AcceptForm()
    if not form.validate_on_submit():
        return _page(item, accept_form=form)
    contact = form.shared_contact.data.strip()
    return save(
        lambda: services.accept_introduction(item, contact, me()),
        _("The introduction was accepted."),
        _here(item),
    )


@bp.post("/introductions/<int:introduction_id>/decline")
@permission("introduction.decide")
def introduction_decline(introduction_id: int):
    """The participant declined; the employer sees only that."""
    item = load(Introduction, introduction_id, "introduction.decide")
    form = DeclineForm()
    if not form.validate_on_submit():
        return _page(item, decline_form=form)
    reason = (form.reason.data or "").strip()
    return save(
        lambda: services.decline_introduction(item, reason, me()),
        _("The introduction was declined."),
        _here(item),
    )
