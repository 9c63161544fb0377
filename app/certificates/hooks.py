"""What the certificates area tells other areas: the case fact, the timeline, the home panel
(`register`, called by the area's `init_app`)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _

from app.cases.facts import (
    Asked,
    TimelineEntry,
    TimelineSource,
    case_fact,
    timeline_rows,
    timeline_source,
)
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


def _certificates(case_id):
    """Certificates issued for the case and not revoked (the workflow's "certificates")."""
    from app.certificates.models import Certificate

    return (
        sa.select(sa.func.count(Certificate.id))
        .where(Certificate.case_id == case_id, Certificate.revoked_at.is_(None))
        .scalar_subquery()
    )


certificates = Asked(_certificates)


def _certificate_rows(case, viewer) -> list:
    """Certificates issued (a row per unit) and revoked, for the case's timeline."""
    from app.certificates.models import Certificate, CertificateUnit

    return [
        sa.select(
            *timeline_rows(
                "certificate",
                at=Certificate.issued_at,
                by=Certificate.issued_by_id,
                ref=Certificate.id,
                pos=CertificateUnit.position,
                texts=(Certificate.number, CertificateUnit.code, CertificateUnit.title),
            )
        )
        .outerjoin(CertificateUnit, CertificateUnit.certificate_id == Certificate.id)
        .where(Certificate.case_id == case.id),
        sa.select(
            *timeline_rows(
                "certificate_revoked",
                at=Certificate.revoked_at,
                by=Certificate.revoked_by_id,
                ref=Certificate.id,
                texts=(Certificate.number, Certificate.revocation_note),
            )
        ).where(Certificate.case_id == case.id, Certificate.revoked_at.is_not(None)),
    ]


def _certificate_entries(rows) -> list[TimelineEntry]:
    """Each certificate, the newest first, when issued (with its units) and when revoked."""
    issued: dict[int, list] = {}
    revoked = {}
    for row in rows:
        if row.kind == "certificate":
            issued.setdefault(row.ref, []).append(row)
        else:
            revoked[row.ref] = row
    entries = []
    newest_first = sorted(issued.values(), key=lambda units: (units[0].at, units[0].ref))
    for units in reversed(newest_first):
        first = units[0]
        named = sorted((u for u in units if u.t2 is not None), key=lambda u: u.pos)
        title = _("Certificate %(number)s issued", number=first.t1)
        shown = ", ".join(f"{u.t2} {u.t3}" for u in named)
        entries.append(TimelineEntry(first.at, _("Certificate"), title, shown, by=first.by))
        if first.ref in revoked:
            row = revoked[first.ref]
            title = _("Certificate %(number)s revoked", number=row.t1)
            entries.append(TimelineEntry(row.at, _("Certificate"), title, row.t2 or "", by=row.by))
    return entries


certificate_timeline = TimelineSource(
    ("certificate", "certificate_revoked"), _certificate_rows, _certificate_entries
)


def ready_for_certificate(user) -> dict:
    """Cases of the municipality with verified units that no certificate states yet."""
    from app.certificates.sources import cases_ready

    total, cases = cases_ready(user)
    return {"total": total, "cases": cases}
