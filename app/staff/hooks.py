"""What the staff area offers other areas: the manager's block on the home page, and the
notification that an employee they referred has been issued a certificate."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask, current_app, url_for

from app.cases.models import Case
from app.certificates.models import Certificate
from app.extensions import db
from app.main.home import home_panel
from app.notifications import Due, Kind, notification_kind, reminder
from app.staff.models import StaffReferral
from app.staff.queries import my_staff
from app.vocab import Role

TOLD_WITHIN_DAYS = 7  # a certificate issued while the worker was down is still told once


def register(app: Flask) -> None:
    """Offer the manager's home panel and the certificate reminder to `app`."""
    home_panel(app, "staff/_home_panel.html", staff_summary, Role.MANAGER, order=10)
    notification_kind(
        app,
        Kind.STAFF_CERTIFIED,
        Role.MANAGER,
        load=lambda link_id: db.session.get(StaffReferral, link_id),
        action="staff.follow",
        audience=lambda link, event: [link.manager],
        link=lambda link: url_for("staff.employee", link_id=link.id),
        reference=lambda link: f"#{link.id}",
    )
    reminder(app, Kind.STAFF_CERTIFIED, certificates_issued)


def certificates_issued(day: date) -> list[Due]:
    """Certificates issued in the week before `day` on cases that managers' referrals opened,
    each told once (the consent is checked when it is fanned out: `staff.follow`)."""
    query = (
        sa.select(StaffReferral.id, Certificate.id)
        .join(Case, Case.referral_id == StaffReferral.referral_id)
        .join(Certificate, Certificate.case_id == Case.id)
        .where(
            Certificate.revoked_at.is_(None),
            Certificate.issued_at >= start_of(day - timedelta(days=TOLD_WITHIN_DAYS)),
            Certificate.issued_at < start_of(day),
        )
    )
    return [
        Due(link_id, f"{Kind.STAFF_CERTIFIED}:{certificate_id}")
        for link_id, certificate_id in db.session.execute(query)
    ]


def start_of(day: date) -> datetime:
    """The first moment of `day` in the installation's time zone."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time(), tzinfo=zone)


def staff_summary(user) -> dict:
    """How many of the manager's staff are in validation, and how many hold a certificate;
    names no one, so the home page logs no read."""
    rows = my_staff(user)
    return {
        "following": len(rows),
        "certified": sum(1 for row in rows if row.certificate_on is not None),
        "shown": [],
    }
