"""SAML 2.0: Validera's metadata, and the identity provider's answer (see app/auth/saml.py)."""

from __future__ import annotations

from flask import redirect, request, url_for

from app.auth import bp, saml
from app.auth.routes.login import safe_next
from app.extensions import csrf
from app.permissions import public
from app.web import show_refused


@bp.get("/saml/metadata")
@public
def saml_metadata():
    """Validera's metadata as a service provider, for the identity providers."""
    return saml.sp_metadata(), 200, {"Content-Type": "application/samlmetadata+xml"}


@bp.post("/saml/acs")
@csrf.exempt  # the provider's page posts it: the request id kept for this browser binds it
@public
def saml_acs():
    """The identity provider's answer, which the browser posts back: log the person in, or
    show the login page with the reason."""
    outcome = saml.consume(request.form.get("SAMLResponse", ""))
    if outcome.refused is not None:
        show_refused(outcome.refused)
        return outcome.finish(redirect(url_for("auth.login")))
    return outcome.finish(redirect(safe_next(outcome.next)))
