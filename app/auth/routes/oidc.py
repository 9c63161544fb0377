"""The answer of a municipality's OpenID Connect provider (app/auth/oidc.py): the person is signed
in, or the login page says why not."""

from __future__ import annotations

from flask import redirect, request, url_for

from app.auth import bp, federation, oidc
from app.auth.routes.login import safe_next
from app.permissions import public
from app.refusals import Refused
from app.web import show_refused


@bp.get("/login/oidc/callback")
@public
def oidc_callback():
    """Where the provider sends the browser back: check its answer and sign the person in."""
    pending = oidc.take_pending()
    provider = oidc.provider_of(pending)
    signed_in = federation.attempt(
        provider, lambda: oidc.identity(provider, pending, request.args), method="oidc"
    )
    if isinstance(signed_in, Refused):
        show_refused(signed_in)
        return redirect(url_for("auth.login", next=pending.get("next")))
    return redirect(safe_next(pending.get("next")))
