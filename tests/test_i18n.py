"""Swedish first, English second: every string has a Swedish translation."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_has_a_swedish_translation():
    assert _tool().missing() == []


def test_pages_in_both_languages(client):
    assert "Tillgänglighetsredogörelse för Validera" in client.get("/accessibility").get_data(True)
    english = client.get("/accessibility?lang=en").get_data(as_text=True)
    assert "Accessibility statement for Validera" in english
    assert '<html lang="en">' in english


# The catalogues are merged into one, so the area loaded last would decide the word on every
# other area's pages: a text has one Swedish translation everywhere (docs/glossary.tsv settles
# the words).


def test_a_text_has_one_swedish_translation_in_every_area():
    from babel.messages.pofile import read_po

    found: dict[str, dict[str, str]] = {}
    for path in sorted((ROOT / "app").rglob("translations/sv/LC_MESSAGES/messages.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    found.setdefault(key, {})[str(path.relative_to(ROOT))] = str(message.string)
    differing = {key: places for key, places in found.items() if len(set(places.values())) > 1}
    assert differing == {}


# --- the glossary: one Swedish word per concept -----------------------------------------------

GLOSSARY = ROOT / "docs" / "glossary.tsv"


def glossary() -> list[dict[str, str]]:
    """The glossary's rows: english, swedish, forbidden (a list), note."""
    import csv

    lines = [line for line in GLOSSARY.read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["forbidden"] = [w.strip() for w in (row["forbidden"] or "").split(",") if w.strip()]
    return rows


def swedish_messages() -> list[tuple[str, str, str]]:
    """(catalogue, msgid, msgstr) of every translated message, plural forms each on its own."""
    from babel.messages.pofile import read_po

    found = []
    for path in sorted((ROOT / "app").rglob("translations/sv/LC_MESSAGES/messages.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                ids = [message.id] if isinstance(message.id, str) else list(message.id)
                strings = [message.string] if isinstance(message.string, str) else message.string
                for text in strings:
                    if ids[0] and text:
                        found.append((str(path.relative_to(ROOT)), ids[0], text))
    return found


def test_the_glossary_names_each_concept_once():
    rows = glossary()
    english = [row["english"].lower() for row in rows]
    assert len(english) == len(set(english))
    assert all(row["swedish"] for row in rows)


def test_no_swedish_text_uses_a_word_the_glossary_forbids():
    import re

    rules = [
        (row["english"], word, re.compile(rf"(?<![\w-]){re.escape(word)}", re.IGNORECASE))
        for row in glossary()
        for word in row["forbidden"]
    ]
    placeholder = re.compile(r"%\(\w+\)[sd]")
    found = [
        f"{place}: {msgid!r} -> {text!r} uses {word!r} (glossary: {term})"
        for place, msgid, text in swedish_messages()
        for term, word, pattern in rules
        if pattern.search(placeholder.sub("", text))
    ]
    assert found == []


def test_a_glossary_term_as_a_text_has_the_glossary_translation():
    terms = {row["english"].lower(): row["swedish"] for row in glossary()}
    found = [
        f"{place}: {msgid!r} -> {text!r}, glossary: {terms[msgid.lower()]!r}"
        for place, msgid, text in swedish_messages()
        if msgid.lower() in terms and text.lower() != terms[msgid.lower()].lower()
    ]
    assert found == []


# --- dates: one form per kind and language (app/i18n.py) ---------------------------------------


@pytest.mark.parametrize(
    ("language", "day", "moment", "month"),
    [
        ("sv", "24 nov. 2026", "24 nov. 2026 kl. 10:00", "november 2026"),
        ("en", "24 Nov 2026", "24 Nov 2026, 10:00", "November 2026"),
    ],
)
def test_the_date_filters_in_each_language(app, language, day, moment, month):
    from flask import render_template_string
    from flask_babel import force_locale

    from tests.clock import NOW, TODAY

    source = (
        "{{ day | date }}|{{ now | datetime }}|{{ now | date }}|{{ day | month }}|{{ day | iso }}"
    )
    with app.test_request_context(), force_locale(language):
        shown = render_template_string(source, day=TODAY, now=NOW)
    assert shown == f"{day}|{moment}|{day}|{month}|2026-11-24"


def test_a_moment_is_shown_in_swedish_time_even_across_midnight(app):
    from datetime import UTC, datetime

    from flask import render_template_string

    late = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)  # 00:30 on the 19th in Stockholm
    with app.test_request_context():
        shown = render_template_string("{{ t | datetime }}|{{ t | date }}", t=late)
    assert shown == "19 nov. 2026 kl. 00:30|19 nov. 2026"


def test_templates_format_dates_only_through_the_filters():
    import re

    direct = re.compile(r"strftime|isoformat|format_date|format_datetime|dateformat|datetimeformat")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "templates").rglob("*.*"))
        if path.suffix in {".html", ".txt", ".ics", ".xml"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if direct.search(line)
    ]
    assert found == []


# --- WTForms' own messages ----------------------------------------------------------------------


def test_every_form_of_the_app_has_wtforms_messages_from_the_catalogues(app):
    """Forms derive from app.forms.FlaskForm, whose messages are Validera's Swedish."""
    import flask_wtf

    from app.forms import FlaskForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    forms = [f for f in subclasses(flask_wtf.FlaskForm) if f.__module__.startswith("app.")]
    outside = [f"{f.__module__}.{f.__name__}" for f in forms if not issubclass(f, FlaskForm)]
    assert len(forms) > 20
    assert outside == [], "import FlaskForm from app.forms"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Skriv ett heltal med siffror, till exempel 12."),
        ("en", "Not a valid integer value."),
    ],
)
def test_wtforms_messages_are_in_the_users_language(app, language, message):
    from flask_babel import force_locale
    from wtforms import IntegerField, StringField
    from wtforms.validators import DataRequired, Length

    from app.forms import FlaskForm

    class Probe(FlaskForm):
        number = IntegerField()
        name = StringField(validators=[DataRequired(), Length(max=3)])

    sent = {"number": "tolv", "name": "abcd"}
    with app.test_request_context(method="POST", data=sent), force_locale(language):
        form = Probe(meta={"csrf": False})
        form.validate()
    assert form.number.errors == [message]
    assert form.name.errors == (
        ["Skriv högst 3 tecken."]
        if language == "sv"
        else ["Field cannot be longer than 3 characters."]
    )


# --- the message look-ups (app/i18n.py: found once per request and locale) --------------------


def test_templates_translate_format_and_escape_as_jinja_new_style(app):
    from flask import render_template_string
    from flask_babel import force_locale

    source = (
        '{{ _("Cases") }}|{{ _("Pages work on a mobile phone and at 400 %% zoom.") }}|'
        '{{ _("unread: %(num)s", num="<b>") }}|{{ gettext("Cases") }}|'
        '{{ ngettext("%(num)d case has verified units that no certificate states yet.", '
        '"%(num)d cases have verified units that no certificate states yet.", 2) }}'
    )
    with app.test_request_context("/"):
        with force_locale("en"):
            english = render_template_string(source)
        with force_locale("sv"):
            swedish = render_template_string(source)
    assert english == (
        "Cases|Pages work on a mobile phone and at 400 % zoom.|unread: &lt;b&gt;|Cases|"
        "2 cases have verified units that no certificate states yet."
    )
    assert swedish.startswith("Ärenden|Sidorna fungerar i mobiltelefon och med 400 % förstoring.")
    assert "&lt;b&gt;" in swedish and "2 ärende har" in swedish


def test_a_forced_or_refreshed_locale_is_followed_within_the_request(app):
    from flask import render_template_string, session
    from flask_babel import force_locale, gettext, lazy_gettext, refresh

    lazy = lazy_gettext("Cases")
    with app.test_request_context("/"):
        assert (gettext("Cases"), str(lazy), render_template_string('{{ _("Cases") }}')) == (
            "Ärenden",
            "Ärenden",
            "Ärenden",
        )
        with force_locale("en"):
            assert gettext("Cases") == str(lazy) == "Cases"
            assert render_template_string('{{ _("Cases") }}') == "Cases"
        assert gettext("Cases") == "Ärenden"
        session["locale"] = "en"
        refresh()
        assert gettext("Cases") == render_template_string('{{ _("Cases") }}') == "Cases"


def test_a_text_without_a_translation_is_shown_in_english(app):
    from flask import render_template_string
    from flask_babel import gettext

    with app.test_request_context("/"):
        assert gettext("No such text, anywhere") == "No such text, anywhere"
        assert render_template_string('{{ _("Nor this %(x)s", x=1) }}') == "Nor this 1"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_day_reads_as_babel_writes_it_in_every_month(app, language):
    from datetime import UTC, date, datetime

    from babel.dates import format_date
    from flask_babel import force_locale

    from app.i18n import show_date

    with app.test_request_context(), force_locale(language):
        for month in range(1, 13):
            day = date(2026, month, 9)
            assert show_date(day) == format_date(day, "d MMM y", locale=language)
        # 23:30 UTC on the last day of a month is the first of the next in Stockholm
        assert show_date(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)) == format_date(
            date(2026, 2, 1), "d MMM y", locale=language
        )
