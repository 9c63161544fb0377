"""What the staff area offers other areas: the manager's block on the home page."""

from __future__ import annotations

from flask import Flask

from app.main.home import home_panel
from app.staff.queries import my_staff
from app.vocab import Role


def register(app: Flask) -> None:
    """Offer the manager's home panel to `app`."""
    home_panel(app, "staff/_home_panel.html", staff_summary, Role.MANAGER, order=10)


def staff_summary(user) -> dict:
    """How many of the manager's staff are in validation, and how many hold a certificate;
    names no one, so the home page logs no read."""
    rows = my_staff(user)
    return {
        "following": len(rows),
        "certified": sum(1 for row in rows if row.certificate_on is not None),
        "shown": [],
    }
