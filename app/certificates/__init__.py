"""The certificates area: issuing, public verification, revocation and digital credentials.

No url_prefix: the area owns the public `/verify/...` pages, the published issuer keys under
`/.well-known/validera/...` and the staff pages under `/certificates/...`.

Seams:
- the case fact "certificates" (valid certificates of a case) and the case timeline entries,
  in `hooks.py`;
- `access.employer_certificate_access`: the employers area says who may download a
  certificate (a consented introduction); until then employers get 404;
- configuration: PUBLIC_BASE_URL (the address in QR codes and credentials) and
  CERTIFICATE_VERIFY_LIMIT (rate limit of the public checks, default "30/minute" per address
  and page; keep the limiter's storage in Redis when several processes serve);
- the municipalities' signing keys are sealed with SECRET_KEY: keep it across deploys.

Assessors, verifiers, regional readers and external quality assurers hold no certificate rule:
they get 403 on every certificate page before anything is loaded, so no id can be probed.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.certificates import access, labels
from app.main.home import admin_link, nav_item
from app.permissions import rule
from app.vocab import Role
from app.web import refusal_words

bp = Blueprint(
    "certificates", __name__, static_folder="static", static_url_path="/certificates/static"
)

STAFF = (Role.COACH, Role.ADMIN)


def init_app(app: Flask) -> None:
    """Register the area: its rules, menu link and administration card, the keeper of
    `certificate_ready_cases` (`readiness`), the case fact, timeline and home panel (`hooks`), its
    views, then the blueprint."""
    from app.certificates import hooks, readiness

    refusal_words(app, labels.REFUSALS)

    rule(app, "certificate.register", *STAFF)
    rule(app, "certificate.case", *STAFF, scope=access.is_staff_for_case)
    rule(app, "certificate.participant", *STAFF, scope=access.is_staff_for_participant)
    rule(app, "certificate.issue", *STAFF, scope=access.is_staff_for_case)
    rule(app, "certificate.view", *STAFF, scope=access.is_staff_for_certificate)
    rule(app, "certificate.revoke", *STAFF, scope=access.is_staff_for_certificate)
    # Employers hold the role, but their scope is empty until the employers area provides
    # `employer_certificate_access` (a consented introduction): 404 until then.
    rule(app, "certificate.download", *STAFF, Role.EMPLOYER, scope=access.may_download)
    # The municipality administrator sets how its certificates name it and show its logo.
    rule(app, "certificate.appearance", Role.ADMIN)

    nav_item(app, "certificates.register", _l("Certificates"), *STAFF, order=35)
    admin_link(
        app,
        "certificates.register",
        _l("Certificates"),
        _l("Every certificate issued by the municipality, valid and revoked."),
    )
    admin_link(
        app,
        "certificates.appearance",
        _l("Certificate appearance"),
        _l("The municipality's name and logo as its certificates show them."),
    )
    readiness.KEEPER.install()
    hooks.register(app)
    load(
        __name__,
        "routes.public",
        "routes.published",
        "routes.staff",
        "routes.appearance",
    )
    app.register_blueprint(bp)
