"""Staff pages: the register, a case's certificates, issuing, revoking and downloads."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.cases.access import shows_identity
from app.cases.models import Case, Participant
from app.certificates import bp, services, sources
from app.certificates.access import shows_name
from app.certificates.credentials import vcjwt
from app.certificates.forms import IssueForm, RevokeForm
from app.certificates.models import Certificate
from app.certificates.routes.helpers import attachment, logo_url
from app.certificates.vocab import Refusal
from app.certificates.wording import LANGUAGES, statement
from app.extensions import db
from app.permissions import can, permission
from app.refusals import Refused
from app.web import load, me, save, seen, seen_many, show_refused

READY_SHOWN = 50  # cases listed as ready for a certificate above the register


@bp.get("/certificates")
@permission("certificate.register")
def register():
    """Every certificate of the municipality, newest first, searchable by number or name."""
    q = _search_text(request.args.get("q", ""))
    page = db.paginate(_register_query(q), per_page=25, error_out=False)
    ready_total, ready = sources.cases_ready(current_user, limit=READY_SHOWN)
    shown = [c.participant_id for c in page.items if c.participant_id is not None]
    shown += [case.participant_id for case in ready]
    seen_many("certificate.register_viewed", None, shown, details={"search": q} if q else None)
    return render_template(
        "certificates/register.html",
        page=page,
        q=q,
        shows_name=lambda c: shows_name(current_user, c),
        ready=ready,
        ready_total=ready_total,
    )


def _register_query(q: str):
    """The municipality's certificates matching the search `q` (all when empty), newest first."""
    query = sa.select(Certificate).where(
        Certificate.municipality_id == current_user.municipality_id
    )
    if q:
        query = query.where(_matches(q))
    return query.order_by(Certificate.issued_at.desc(), Certificate.id.desc())


def _search_text(value: str) -> str:
    """The search as typed, without control characters (PostgreSQL refuses NUL in text)."""
    return "".join(c for c in value if c.isprintable()).strip()[:100]


def _matches(q: str):
    """Number or name contains `q` (case variants too, as SQLite folds only ASCII case).

    A protected identity is never found by name, so a search cannot reveal who it is.
    """
    variants = {q, q.lower(), q.upper(), q.title(), q.capitalize()}
    likes = [f"%{variant}%" for variant in variants]
    protected = Certificate.participant.has(Participant.is_protected.is_(True))
    by_name = sa.and_(sa.or_(*[Certificate.holder_name.ilike(like) for like in likes]), ~protected)
    return sa.or_(*[Certificate.number.ilike(like) for like in likes], by_name)


@bp.get("/certificates/case/<int:case_id>")
@permission("certificate.case")
def case_certificates(case_id: int):
    """A case's certificates, and the units ready for a new one."""
    case = load(Case, case_id, "certificate.case")
    seen("certificate.list", case, participant_id=case.participant_id)
    return _case_page(case, IssueForm(revoked=services.replaceable(case)))


def _case_page(case: Case, form: IssueForm):
    return render_template(
        "certificates/case.html",
        case=case,
        certificates=services.certificates_of_case(case),
        issuable=sources.issuable_decisions(case),
        form=form,
        shows_name=shows_identity(current_user, case.participant),
    )


@bp.get("/certificates/participant/<int:participant_id>")
@permission("certificate.participant")
def participant_certificates(participant_id: int):
    """Every certificate of a participant, across their cases."""
    participant = load(Participant, participant_id, "certificate.participant")
    seen("certificate.list", participant, participant_id=participant.id)
    return render_template(
        "certificates/participant.html",
        participant=participant,
        certificates=services.certificates_of_participant(participant),
    )


def _chosen_replaces(case: Case, form: IssueForm, revoked: list[Certificate]):
    return next((c for c in revoked if c.id == form.replaces.data), None)


@bp.get("/certificates/case/<int:case_id>/issue")
@permission("certificate.issue")
def confirm_issue(case_id: int):
    """The certificate as it will be, and what issuing does, before anything is stored."""
    case = load(Case, case_id, "certificate.issue")
    revoked = services.replaceable(case)
    form = IssueForm(revoked=revoked, formdata=request.args, meta={"csrf": False})
    if not form.validate():
        return _case_page(case, form)
    replaces = _chosen_replaces(case, form, revoked)
    preview = services.preview_certificate(case, replaces)
    if preview is None:
        show_refused(Refused(Refusal.NOTHING_TO_CERTIFY))
        return redirect(url_for("certificates.case_certificates", case_id=case.id))
    seen("certificate.preview", case, participant_id=case.participant_id)
    language = str(get_locale() or "sv")
    language = language if language in LANGUAGES else "sv"
    said = statement(preview, language, "", lookup_url=services.lookup_url())
    return render_template(
        "certificates/confirm.html",
        case=case,
        said=said,
        replaces=replaces,
        form=IssueForm(revoked=revoked, data={"replaces": form.replaces.data}),
        logo_url=logo_url(case.municipality),
    )


@bp.get("/certificates/case/<int:case_id>/preview.pdf")
@permission("certificate.issue")
def preview_pdf(case_id: int):
    """The PDF that issuing would make, stamped PREVIEW: not numbered, not stored."""
    case = load(Case, case_id, "certificate.issue")
    language = request.args.get("lang", "sv")
    if language not in LANGUAGES:
        abort(404)
    revoked = services.replaceable(case)
    form = IssueForm(revoked=revoked, formdata=request.args, meta={"csrf": False})
    replaces = _chosen_replaces(case, form, revoked) if form.validate() else None
    content = services.preview_pdf(case, language, replaces)
    if content is None:
        abort(404)
    seen(
        "certificate.preview",
        case,
        participant_id=case.participant_id,
        details={"language": language, "pdf": True},
    )
    response = attachment(content, f"preview-{case.id}-{language}.pdf", "application/pdf")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/certificates/case/<int:case_id>/issue")
@permission("certificate.issue")
def issue(case_id: int):
    """Issue a certificate for the units ready, as one transaction."""
    case = load(Case, case_id, "certificate.issue")
    revoked = services.replaceable(case)
    form = IssueForm(revoked=revoked)
    if not form.validate_on_submit():
        return _case_page(case, form)
    replaces = _chosen_replaces(case, form, revoked)
    return save(
        lambda: services.issue_certificate(case, me(), replaces=replaces),
        lambda certificate: _("Certificate %(number)s is issued.", number=certificate.number),
        lambda certificate: url_for("certificates.show", certificate_id=certificate.id),
        back=url_for("certificates.case_certificates", case_id=case.id),
    )


@bp.get("/certificates/<int:certificate_id>")
@permission("certificate.view")
def show(certificate_id: int):
    """A certificate as issued, its status, and its downloads."""
    certificate = load(Certificate, certificate_id, "certificate.view")
    seen("certificate.view", certificate, participant_id=certificate.participant_id)
    return render_template(
        "certificates/show.html",
        certificate=certificate,
        verify_url=services.verify_url(certificate),
        may_revoke=can(current_user, "certificate.revoke", certificate),
        said=_said(certificate),
        logo_url=logo_url(certificate.municipality),
    )


def _said(certificate: Certificate):
    """What the certificate states, in the page's language, as its PDF states it."""
    language = str(get_locale() or "sv")
    language = language if language in LANGUAGES else "sv"
    return statement(
        certificate, language, services.verify_url(certificate), lookup_url=services.lookup_url()
    )


@bp.get("/certificates/<int:certificate_id>/pdf")
@permission("certificate.download")
def pdf(certificate_id: int):
    """The certificate's PDF, in Swedish or (?lang=en) English: the same file every time."""
    certificate = load(Certificate, certificate_id, "certificate.download")
    language = request.args.get("lang", "sv")
    document = services.document(certificate, language)
    if document is None:
        abort(404)
    seen(
        "certificate.download",
        certificate,
        participant_id=certificate.participant_id,
        details={"language": language},
    )
    return attachment(document.content, f"{certificate.number}-{language}.pdf", "application/pdf")


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
@permission("certificate.revoke")
def revoke(certificate_id: int):
    """Revoke a certificate with a reason; a corrected one can then be issued."""
    certificate = load(Certificate, certificate_id, "certificate.revoke")
    shown = url_for("certificates.show", certificate_id=certificate.id)
    if certificate.is_revoked:
        flash(_("The certificate is already revoked."), "info")
        return redirect(shown)
    form = RevokeForm()
    if form.validate_on_submit() and (done := _revoke(certificate, form, shown)):
        return done
    return render_template("certificates/revoke.html", certificate=certificate, form=form)


def _revoke(certificate: Certificate, form: RevokeForm, shown: str):
    return save(
        lambda: services.revoke_certificate(certificate, me(), form.reason.data, form.note.data),
        _("Certificate %(number)s is revoked.", number=certificate.number),
        shown,
        form=form,
    )


@bp.get("/certificates/<int:certificate_id>/credential.jwt")
@permission("certificate.view")
def credential(certificate_id: int):
    """The whole certificate as a signed Open Badges 3.0 credential (VC-JWT)."""
    certificate = load(Certificate, certificate_id, "certificate.view")
    return _credential(certificate, None, certificate.number)


@bp.get("/certificates/<int:certificate_id>/units/<int:unit_id>/credential.jwt")
@permission("certificate.view")
def unit_credential(certificate_id: int, unit_id: int):
    """One unit of the certificate as a signed Open Badges 3.0 credential (VC-JWT)."""
    certificate = load(Certificate, certificate_id, "certificate.view")
    unit = next((u for u in certificate.units if u.id == unit_id), None)
    if unit is None:
        abort(404)
    return _credential(certificate, unit, f"{certificate.number}-{unit.code}")


def _credential(certificate: Certificate, unit, name: str):
    if certificate.is_revoked:
        flash(_("A revoked certificate gives no credentials."), "error")
        return redirect(url_for("certificates.show", certificate_id=certificate.id))
    language = request.args.get("lang", "sv")
    if language not in ("sv", "en"):
        abort(404)
    token = vcjwt.sign(certificate, unit, language)
    details = {"unit": unit.code if unit else None, "language": language}
    seen(
        "certificate.credential",
        certificate,
        participant_id=certificate.participant_id,
        details=details,
    )
    return attachment(token.encode(), f"{name}.jwt", "application/jwt")
