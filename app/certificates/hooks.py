"""What the certificates area tells other areas: the case fact, the timeline, the home panel
(`register`, called by the area's `init_app`)."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from app.cases.facts import TimelineEntry, case_fact, timeline_source
from app.main.home import home_panel
from app.vocab import Role


def register(app: Flask) -> None:
    """Offer the case fact, the timeline entries and the home panel to `app`."""
    case_fact(app, "certificates", certificates)
    timeline_source(app, certificate_timeline)
    home_panel(
        app,
        "certificates/_home_panel.html",
        ready_for_certificate,
        Role.COACH,
        Role.ADMIN,
        order=30,
    )


def certificates(case) -> int:
    """Certificates issued for the case and not revoked (the workflow's "certificates")."""
    from app.certificates.services import valid_certificate_count

    return valid_certificate_count(case)


def certificate_timeline(case, viewer) -> list[TimelineEntry]:
    """Certificates issued and revoked, for the case's timeline."""
    from app.certificates.services import certificates_of_case

    entries = []
    for c in certificates_of_case(case):
        units = ", ".join(f"{u.code} {u.title}" for u in c.units)
        title = _("Certificate %(number)s issued", number=c.number)
        entries.append(
            TimelineEntry(c.issued_at, _("Certificate"), title, units, by=c.issued_by_id)
        )
        if c.is_revoked:
            title = _("Certificate %(number)s revoked", number=c.number)
            note = c.revocation_note or ""
            entries.append(
                TimelineEntry(c.revoked_at, _("Certificate"), title, note, by=c.revoked_by_id)
            )
    return entries


def ready_for_certificate(user) -> dict:
    """Cases of the municipality with verified units that no certificate states yet."""
    from app.certificates.sources import cases_ready

    total, cases = cases_ready(user)
    return {"total": total, "cases": cases}
