"""Public verification: anyone, without logging in, can check a certificate or a credential.

Each page is rate-limited per address (CERTIFICATE_VERIFY_LIMIT, default 30 a minute) so the
verification codes cannot be guessed by trying; a burst gets a friendly 429 page.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for

from app.certificates import bp, services
from app.certificates.credentials import vcjwt
from app.certificates.forms import CredentialForm, LookupForm
from app.certificates.labels import CREDENTIAL_PROBLEMS
from app.extensions import limiter
from app.permissions import public
from app.web import seen

DEFAULT_LIMIT = "30/minute"
FRESH = {"Cache-Control": "no-store"}  # a revocation shows at once, never from a cache


def verify_limit() -> str:
    """The rate limit of the verification pages, per address and page."""
    return current_app.config.get("CERTIFICATE_VERIFY_LIMIT", DEFAULT_LIMIT)


@bp.errorhandler(429)
def too_many(error):
    """A friendly page for a burst of checks, with when to try again."""
    return render_template("certificates/rate_limited.html"), 429


def _forms(lookup=None, credential=None) -> dict:
    return {
        "lookup": lookup or LookupForm(prefix="lookup"),
        "credential": credential or CredentialForm(prefix="credential"),
    }


@bp.get("/verify")
@public
def verify_form():
    """Check a certificate by number and code, or check a digital credential."""
    return render_template("certificates/verify_form.html", **_forms())


@bp.post("/verify")
@limiter.limit(verify_limit)
@public
def verify_lookup():
    """Look a certificate up by the number and code printed on it."""
    form = LookupForm(prefix="lookup")
    if not form.validate_on_submit():
        return render_template("certificates/verify_form.html", **_forms(lookup=form))
    certificate = services.find_by_number_and_code(form.number.data, form.code.data)
    if certificate is None:
        return render_template("certificates/verify.html", certificate=None), 404
    return redirect(url_for("certificates.verify", code=certificate.verification_code))


@bp.get("/verify/<code>")
@limiter.limit(verify_limit)
@public
def verify(code: str):
    """Whether the certificate with this code is valid, revoked or unknown."""
    certificate = services.find_by_code(code)
    if certificate is None:
        return render_template("certificates/verify.html", certificate=None), 404, FRESH
    seen("certificate.verify", certificate, participant_id=certificate.participant_id)
    return render_template("certificates/verify.html", certificate=certificate), 200, FRESH


@bp.post("/verify/credential")
@limiter.limit(verify_limit)
@public
def verify_credential():
    """Check a pasted or uploaded credential: signature, issuer and revocation."""
    form = CredentialForm(prefix="credential")
    text = form.credential_text() if form.validate_on_submit() else None
    if not form.errors and text is None:
        form.token.errors = [str(CREDENTIAL_PROBLEMS["empty"])]
    if form.errors:
        return render_template("certificates/verify_form.html", **_forms(credential=form))
    result = vcjwt.check(text)
    if result.problem is None:
        seen(
            "certificate.verify",
            result.certificate,
            participant_id=result.certificate.participant_id,
            details={"via": "credential"},
        )
    return render_template(
        "certificates/credential_result.html",
        result=result,
        problem=CREDENTIAL_PROBLEMS.get(result.problem),
    )
