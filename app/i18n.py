"""The interface language: the user's choice, else the session's, else Swedish.

Dates have one form per kind and language (docs/glossary.tsv says the same):
a day is "18 nov. 2026" in Swedish and "18 Nov 2026" in English; a moment is
"18 nov. 2026 kl. 20:46" and "18 Nov 2026, 20:46", in the installation's time zone; a month
is "november 2026" and "November 2026".
Templates show dates only through the filters `date`, `datetime` and `month`, and give machines
(`<time datetime>`, form values, links) the ISO form through `iso`.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

DAY = {"sv": "d MMM y", "en": "d MMM y"}
MOMENT = {"sv": "d MMM y 'kl'. HH:mm", "en": "d MMM y, HH:mm"}
MONTH = "LLLL y"


def select_locale() -> str:
    """Locale for this request."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale") or request.args.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _language() -> str:
    locale = get_locale()
    return locale.language if locale and locale.language in DAY else "sv"


def show_date(value: date | datetime | None) -> str:
    """A day as people read it: "18 nov. 2026" / "18 Nov 2026"; a moment gives its local day."""
    if value is None:
        return ""
    return format_date(value, DAY[_language()])


def show_datetime(value: datetime | date | None) -> str:
    """A moment as people read it: "18 nov. 2026 kl. 20:46" / "18 Nov 2026, 20:46"."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return show_date(value)
    return format_datetime(value, MOMENT[_language()])


def show_month(value: date | None) -> str:
    """A month of a year: "november 2026" / "November 2026"."""
    if value is None:
        return ""
    return format_date(value, MONTH)


def iso(value: date | datetime | None) -> str:
    """The ISO form for machines: attributes, form values and links, never for reading."""
    return value.isoformat() if value is not None else ""


def init_app(app: Flask) -> None:
    """Give the templates the date filters."""
    app.add_template_filter(show_date, "date")
    app.add_template_filter(show_datetime, "datetime")
    app.add_template_filter(show_month, "month")
    app.add_template_filter(iso, "iso")
