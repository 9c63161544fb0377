"""Single sign-on: the municipality administrator's settings and providers, and the login
page's buttons (see app/auth/federation.py; the protocols are app/auth/oidc.py and saml.py)."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from app.auth import bp, federation
from app.auth.labels import MATCH_ON_LABELS, PROVIDER_KIND_LABELS
from app.auth.provider_forms import OidcProviderForm, SamlProviderForm, SignInSettingsForm
from app.auth.provider_models import IdentityProvider
from app.auth.vocab import ProviderKind
from app.permissions import permission, public
from app.web import load, me, save

FORMS = {ProviderKind.OIDC: OidcProviderForm, ProviderKind.SAML: SamlProviderForm}
# The columns each kind's form sets (the SAML metadata comes from the file or the address).
COLUMNS = {
    ProviderKind.OIDC: (
        "name",
        "enabled",
        "match_on",
        "required_loa",
        "discovery_url",
        "client_id",
        "client_secret_ref",
        "personal_number_claim",
    ),
    ProviderKind.SAML: ("name", "enabled", "match_on", "required_loa", "idp_metadata_url"),
}


def _municipality_id() -> int:
    """The administrator's municipality (an administrator without one has nothing here)."""
    municipality_id = me().municipality_id
    if municipality_id is None:
        abort(404)
    return municipality_id


@bp.route("/admin/sign-in", methods=["GET", "POST"])
@permission("auth.providers")
def sign_in_settings():
    """The municipality's logins, and its rules for who gets in."""
    municipality_id = _municipality_id()
    settings = federation.settings_of(municipality_id)
    form = SignInSettingsForm(obj=settings)
    if form.validate_on_submit():
        done = save(
            lambda: federation.save_settings(
                me(), municipality_id, form.unknown_person.data, form.passwords_off.data
            ),
            _("The rules for logging in are saved."),
            url_for("auth.sign_in_settings"),
            form=form,
        )
        if done:
            return done
    return render_template(
        "auth/providers.html",
        form=form,
        providers=federation.providers_of(municipality_id),
        kinds=PROVIDER_KIND_LABELS,
        match_on=MATCH_ON_LABELS,
        sp_metadata_url=federation.address_for(ProviderKind.SAML),
    )


@bp.route("/admin/sign-in/new/<kind>", methods=["GET", "POST"])
@permission("auth.providers")
def provider_new(kind: str):
    """Connect a new login of the municipality."""
    if kind not in set(ProviderKind):
        abort(404)
    provider = IdentityProvider(municipality_id=_municipality_id(), kind=ProviderKind(kind))
    return _provider_page(provider)


@bp.route("/admin/sign-in/<int:provider_id>", methods=["GET", "POST"])
@permission("auth.providers")
def provider_edit(provider_id: int):
    """Change one of the municipality's logins."""
    return _provider_page(load(IdentityProvider, provider_id, "auth.providers"))


def _provider_page(provider: IdentityProvider):
    form = FORMS[provider.kind](obj=provider if provider.id else None)
    if form.validate_on_submit():
        values = {name: form[name].data for name in COLUMNS[provider.kind]}
        if provider.kind == ProviderKind.SAML:
            values["idp_metadata"] = form.metadata_text() or provider.idp_metadata
        done = save(
            lambda: federation.save_provider(me(), provider, values),
            _("The login is saved."),
            url_for("auth.sign_in_settings"),
            form=form,
        )
        if done:
            return done
    return render_template(
        "auth/provider_form.html",
        form=form,
        provider=provider,
        kinds=PROVIDER_KIND_LABELS,
        address=federation.address_for(provider.kind),
    )


@bp.post("/admin/sign-in/<int:provider_id>/delete")
@permission("auth.providers")
def provider_delete(provider_id: int):
    """Remove one of the municipality's logins."""
    provider = load(IdentityProvider, provider_id, "auth.providers")
    return save(
        lambda: federation.delete_provider(me(), provider),
        _("The login is removed."),
        url_for("auth.sign_in_settings"),
        back=url_for("auth.provider_edit", provider_id=provider_id),
    )


@bp.get("/login/sso/<int:provider_id>")
@public
def sso_login(provider_id: int):
    """Begin a sign-in through a provider: its protocol sends the browser there."""
    provider = federation.enabled_provider(provider_id)
    start = federation.starter(provider.kind) if provider is not None else None
    if start is None:
        abort(404)
    return start(provider)
