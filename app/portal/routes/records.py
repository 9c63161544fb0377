"""The participant's own records: my consents, my certificates and badges, and my data (the
register extract and who in the municipality read my data). Each view loads what its URL names
with `load(..., "portal.own")`: another participant's ids answer 404."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from app.admin.labels import AUDIT_ACTIONS
from app.cases.labels import CONSENTS
from app.cases.models import Participant
from app.cases.vocab import ConsentKind
from app.certificates import services as certificate_services
from app.certificates.credentials import vcjwt
from app.certificates.labels import REASON_LABELS
from app.certificates.models import Certificate
from app.certificates.pdf import qr_code
from app.certificates.routes.helpers import attachment
from app.db import today
from app.extensions import db
from app.labels import ROLE_LABELS
from app.permissions import permission
from app.portal import bp, records, records_labels
from app.privacy.forms import ExportForm
from app.privacy.services import export_participant
from app.web import commit, load, me, save, seen

LANGUAGES = ("sv", "en")


def _me_as_participant() -> Participant:
    """The participant the signed-in account is (404 for any other account)."""
    return load(Participant, me().participant_id or 0, "portal.own")


def _kind(value: str) -> ConsentKind:
    """The kind of consent the URL names (404 for none)."""
    kind = records.consent_kind(value)
    if kind is None:
        abort(404)
    return kind


# --- my consents -------------------------------------------------------------------------------


@bp.get("/consents")
@permission("portal.own")
def consents():
    """My consents: what each covers, whether I gave it and when, to give or withdraw."""
    person = _me_as_participant()
    seen("portal.consents_viewed", person, participant_id=person.id)
    return render_template(
        "portal/consents.html",
        consents=records.my_consents(person),
        titles=records_labels.CONSENT_TITLES,
        texts=records_labels.CONSENT_TEXTS,
        names=CONSENTS,
    )


@bp.post("/consents/<kind>/give")
@permission("portal.own")
def give_consent(kind: str):
    """Give a consent myself, from today."""
    person, chosen = _me_as_participant(), _kind(kind)
    return save(
        lambda: records.give_own_consent(person, chosen, me()),
        _("Thank you. Your consent is saved. Your coach has been told."),
        url_for("portal.consents") + f"#consent-{chosen.value}",
        back=url_for("portal.consents"),
    )


@bp.route("/consents/<kind>/withdraw", methods=["GET", "POST"])
@permission("portal.own")
def withdraw_consent(kind: str):
    """Withdraw a consent: first what will happen, then the withdrawal itself (at once)."""
    person, chosen = _me_as_participant(), _kind(kind)
    consent = records.consent_of(person, chosen)
    if request.method == "GET":
        if not consent.is_given:
            return redirect(url_for("portal.consents"))
        seen("portal.consents_viewed", person, participant_id=person.id)
        return render_template(
            "portal/withdraw_consent.html",
            consent=consent,
            title=records_labels.CONSENT_TITLES[chosen],
            what_happens=records_labels.WITHDRAW_TEXTS[chosen],
        )
    return save(
        lambda: records.withdraw_own_consent(person, chosen, me()),
        _("Your consent is withdrawn. Your coach has been told."),
        url_for("portal.consents") + f"#consent-{chosen.value}",
        back=url_for("portal.consents"),
    )


# --- my certificates ---------------------------------------------------------------------------


@bp.get("/certificates")
@permission("portal.own")
def certificates():
    """My certificates, valid and revoked."""
    found = records.my_certificates(me())
    person = _me_as_participant()
    seen("portal.certificates_viewed", person, participant_id=person.id)
    return render_template("portal/certificates.html", certificates=found)


def _qr_svg(url: str) -> Markup:
    """The QR code of `url` as an inline SVG (the one the PDF prints, at screen size)."""
    svg = qr_code(url).svg_inline(scale=5, border=4, svgclass="qr", lineclass=None)
    return Markup(svg)  # noqa: S704 - made by segno from the address alone


@bp.get("/certificates/<int:certificate_id>")
@permission("portal.own")
def certificate(certificate_id: int):
    """One of my certificates: its PDF, its public check to share, and its digital badge."""
    item = load(Certificate, certificate_id, "portal.own")
    seen("portal.certificate_viewed", item, participant_id=item.participant_id)
    verify_url = certificate_services.verify_url(item)
    return render_template(
        "portal/certificate.html",
        certificate=item,
        verify_url=verify_url,
        qr=_qr_svg(verify_url),
        reason_labels=REASON_LABELS,
    )


@bp.get("/certificates/<int:certificate_id>/pdf")
@permission("portal.own")
def certificate_pdf(certificate_id: int):
    """My certificate's PDF, in Swedish or (?lang=en) English; a revoked one says so on it."""
    item = load(Certificate, certificate_id, "portal.own")
    language = request.args.get("lang", "sv")
    document = certificate_services.document(item, language)
    if document is None:
        abort(404)
    details = {"language": language}
    seen("portal.certificate_downloaded", item, participant_id=item.participant_id, details=details)
    return attachment(document.content, f"{item.number}-{language}.pdf", "application/pdf")


@bp.get("/certificates/<int:certificate_id>/badge.jwt")
@permission("portal.own")
def certificate_badge(certificate_id: int):
    """My certificate as a signed Open Badges 3.0 credential (VC-JWT), for a digital wallet."""
    item = load(Certificate, certificate_id, "portal.own")
    language = request.args.get("lang", "sv")
    if language not in LANGUAGES:
        abort(404)
    if item.is_revoked:
        flash(_("A revoked certificate has no badge."), "error")
        return redirect(url_for("portal.certificate", certificate_id=item.id))
    token = vcjwt.sign(item, None, language)
    details = {"language": language}
    seen("portal.badge_downloaded", item, participant_id=item.participant_id, details=details)
    return attachment(token.encode(), f"{item.number}.jwt", "application/jwt")


# --- my data -----------------------------------------------------------------------------------


def _data_page(form: ExportForm):
    person = _me_as_participant()
    page = db.paginate(records.readings_query(me()), per_page=records.LOG_PAGE)
    named = records.shows_names(person.municipality_id)
    form.language.description = _("The language of the page in the file that is easy to read.")
    seen("portal.data_viewed", person, participant_id=person.id)
    return render_template(
        "portal/my_data.html",
        form=form,
        page=page,
        readings=records.readings(list(page.items), named),
        named=named,
        roles=ROLE_LABELS,
        actions=AUDIT_ACTIONS,
    )


@bp.get("/data")
@permission("portal.own")
def my_data():
    """My data: download everything stored about me, and see who has read it."""
    return _data_page(ExportForm(formdata=None))


@bp.post("/data/extract")
@permission("portal.own")
def extract():
    """Download my register extract (the same ZIP the administrator hands out; logged)."""
    person = _me_as_participant()
    form = ExportForm()
    if not form.validate_on_submit():
        return _data_page(form)
    made = commit(lambda: export_participant(person, me(), form.language.data))
    response = Response(made.content, mimetype="application/zip")
    name = f"registerutdrag-{today().isoformat()}.zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
