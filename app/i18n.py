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
from functools import cache, cached_property

from babel.dates import get_month_names
from babel.support import NullTranslations
from flask import Flask, current_app, request, session
from flask.globals import _cv_app
from flask_babel import (
    Babel,
    Domain,
    format_date,
    format_datetime,
    get_locale,
    to_user_timezone,
)
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

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
    locale = getattr(_babel_context(), "babel_locale", None) or get_locale()
    return locale.language if locale and locale.language in DAY else "sv"


@cache
def _months(language: str) -> dict[int, str]:
    return dict(get_month_names("abbreviated", locale=language))


def show_date(value: date | datetime | None) -> str:
    """A day as people read it: "18 nov. 2026" / "18 Nov 2026"; a moment gives its local day.

    DAY's pattern ("d MMM y") spelled out with the language's abbreviated month: a table shows
    a date on every row, and Babel reads the pattern and the locale's data again each time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return f"{value.day} {_months(_language())[value.month]} {value.year}"


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


class RequestDomain(Domain):
    """Flask-Babel's message catalogue, with the request's translations found once.

    Flask-Babel finds them again for every string: the request's locale, its name and the
    cache key, three or four context look-ups each time, which a page showing 200–500 strings
    pays in milliseconds. Here the translations found are kept with the locale they belong to
    in the request's Babel context: a new locale (`force_locale`, `refresh`) finds them anew.
    """

    def get_translations(self) -> NullTranslations:
        context = _babel_context()
        if context is not None:
            locale, found = getattr(context, "validera_translations", (None, None))
            if locale is not None and locale is getattr(context, "babel_locale", None):
                return found
        found = super().get_translations()
        context = _babel_context()
        locale = getattr(context, "babel_locale", None)
        if locale is not None:
            context.validera_translations = (locale, found)
        return found


def _babel_context():
    """Flask-Babel's per-request values (locale, domain), if it has made them yet. Read from the
    application context itself: through the `g` proxy each look-up costs 1.5 µs."""
    app_context = _cv_app.get(None)
    return None if app_context is None else app_context.g.__dict__.get("_flask_babel")


# The catalogues "messages" of BABEL_TRANSLATION_DIRECTORIES, as Flask-Babel's own domain.
DOMAIN = RequestDomain()


class ValideraBabel(Babel):
    """Flask-Babel, with the message catalogue of `RequestDomain`."""

    @cached_property
    def domain_instance(self) -> RequestDomain:
        """The one message domain of the application."""
        return DOMAIN


def translations() -> NullTranslations:
    """The current request's translations (an empty catalogue outside a request)."""
    return DOMAIN.get_translations()


# The templates' `_`, `gettext` and `ngettext`: Jinja's "new style" (the text is always
# %-formatted, so a literal % is written %%, and is marked safe before the values, which are
# escaped), called directly instead of through the i18n extension's alias and Flask-Babel's
# look-ups.


def _formatted(context, text: str, variables: dict) -> str:
    if context.eval_ctx.autoescape:
        # As Jinja's i18n extension: the catalogue's texts are the templates' own markup; the
        # values put into them are escaped by Markup's %.
        text = Markup(text)  # noqa: S704
    return text % variables if variables or "%" in text else text


@pass_context
def template_gettext(context, string: str, **variables) -> str:
    """`_("...")` in a template."""
    return _formatted(context, translations().ugettext(string), variables)


@pass_context
def template_ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    """`ngettext("...", "...", n)` in a template."""
    variables.setdefault("num", num)
    return _formatted(context, translations().ungettext(singular, plural, num), variables)


@pass_context
def template_pgettext(context, message_context: str, string: str, **variables) -> str:
    """`pgettext("context", "...")` in a template."""
    return _formatted(context, translations().upgettext(message_context, string), variables)


@pass_context
def template_npgettext(
    context, message_context: str, singular: str, plural: str, num: int, **variables
) -> str:
    """`npgettext("context", "...", "...", n)` in a template."""
    variables.setdefault("num", num)
    found = translations().unpgettext(message_context, singular, plural, num)
    return _formatted(context, found, variables)


def init_app(app: Flask) -> None:
    """Give the templates the date filters and the quick message look-ups."""
    app.jinja_env.globals.update(
        _=template_gettext,
        gettext=template_gettext,
        ngettext=template_ngettext,
        pgettext=template_pgettext,
        npgettext=template_npgettext,
    )
    app.add_template_filter(show_date, "date")
    app.add_template_filter(show_datetime, "datetime")
    app.add_template_filter(show_month, "month")
    app.add_template_filter(iso, "iso")
