"""Gate: every form, sent hostile values, answers without a 500, stores nothing when it refuses,
and never echoes a value unescaped.

The forms are found by rendering every page the access table lets a role see and reading its
`<form>` elements, so a new form is swept as soon as its page is in the table. Each form is
sent every hostile value in all its fields at once, then the script and NUL values in one field
at a time with the others as the page filled them in (so an edit form gets far enough to save),
and values that are none of the choices in each checkbox, radio button and select, one at a
time (so that the rest of the form is valid and every validator of the field runs).

The same pages, rendered while the query string notes what is read from it, say which query
parameters each view reads (page numbers, sorting, filters, whether or not a link or form on the
page carries them); each is sent every hostile value, alone and all at once.
"""

from __future__ import annotations

import gc
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa

from app.extensions import db
from tests.gates.access_table import KNOWN_INPUT_DEFECTS, TABLE
from tests.gates.demo import ROLES
from tests.gates.forms import Form, forms_in, reading_args
from tests.gates.matrix import app_routes, build_url, expected, one_by_one, takes_object

MARKER = "<script>gatemark"  # found verbatim in a page only if a value was echoed unescaped

# Tables that a refused form may add to, on purpose.
GROWS_ON_REFUSAL = {
    "audit_events": "showing a form again may show personal data, and every read is logged",
    "login_attempts": "a refused login is recorded, to throttle guessing",
}


@dataclass(frozen=True)
class Hostile:
    """One hostile value, as text and as what a number and a date field receive."""

    name: str
    text: str
    number: str | None = None
    date: str | None = None

    def for_kind(self, kind: str) -> str:
        if kind == "number":
            return self.number or self.text
        if kind in ("date", "datetime-local", "month", "time"):
            return self.date or self.text
        return self.text


HOSTILE = [
    Hostile("very long", "Å" * 100_000, "9" * 400, "2026-" * 1000),
    Hostile("script and quotes", f"\"'><{MARKER[1:]}(1)</script><b onmouseover=x>", None, None),
    Hostile("SQL", "x' OR '1'='1'; DROP TABLE users; --", "1; DROP TABLE users", "2026-01-01'--"),
    Hostile("NUL byte", "abc\x00def", "1\x00", "2026-01-01\x00"),
    Hostile("wrong type", "not a number", "twelve", "yesterday"),
    Hostile("negative", "-1", "-1", "-2026-01-01"),
    Hostile("huge", "9" * 30, "99999999999999999999999999", "99999-12-31"),
    Hostile("not a number", "NaN", "1e309", "NaN"),
    Hostile("impossible date", "2026-02-30", "-0", "2026-02-30"),
    Hostile("control and bidi", "a\x1b[31m\u202egnp.exe\x7f", "\u0661\u0662", "\u0662\u0660"),
]
# One field at a time: the script everywhere; the NUL byte where it can break the database.
ONE_FIELD_AT_A_TIME = {"sqlite": [HOSTILE[1]], "postgresql": [HOSTILE[1], HOSTILE[3]]}
SKIPPED_KINDS = {"reset", "image"}
CHOICE_KINDS = {"checkbox", "radio", "select"}
# Sent one field at a time in every choice field: none is among any field's choices.
NOT_A_CHOICE = [h for h in HOSTILE if h.name in ("SQL", "wrong type", "negative", "huge")]


def _row_counts() -> dict[str, int]:
    """The number of rows in each table, in one query."""
    tables = [t for t in db.metadata.sorted_tables if t.name not in GROWS_ON_REFUSAL]
    counts = [sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in tables]
    return dict(
        zip([t.name for t in tables], db.session.execute(sa.select(*counts)).one(), strict=True)
    )


def _all_hostile(form: Form, value: Hostile) -> dict:
    data = {}
    for f in form.fields:
        if f.name == "csrf_token" or f.kind in SKIPPED_KINDS:
            continue
        if f.kind == "file":
            data[f.name] = (io.BytesIO(value.text.encode()[:4096]), f"{value.text[:100]}.pdf")
        else:
            data[f.name] = value.for_kind(f.kind)
    return data


def _one_hostile(form: Form, name: str, value: Hostile) -> dict:
    data = form.defaults()
    data.pop("csrf_token", None)
    kind = next(f.kind for f in form.fields if f.name == name)
    data[name] = value.for_kind(kind)
    return data


def _pages_of_the_app(app, act_as, demo) -> Iterator[tuple[str, object, str, str, set[str]]]:
    """(role, client, endpoint, URL, query parameters its view read) for every page each role
    may see; the client has just fetched the page, as `client.page`."""
    for role in ROLES:
        client = act_as(role)
        for rule in app_routes(app):
            route = TABLE.get(rule.endpoint)  # a route missing here fails the access matrix
            if route is None or "GET" not in rule.methods or route.GET is None or route.no_object:
                continue
            for scope in (
                ("own", "other") if takes_object(rule) and not route.no_other else ("own",)
            ):
                if expected(route.for_rule(rule.rule), "GET", role, scope) != 200:
                    continue
                url = build_url(rule, route, demo, scope)
                with reading_args(app) as read:
                    client.page = client.get(url)
                client.page.close()  # a file download holds its file open until then
                yield role, client, rule.endpoint, url, set(read)


def _forms_of_the_app(app, act_as, demo) -> list[tuple[str, str, Form]]:
    """(role, endpoint, form) for every distinct form on the pages each role may see."""
    found: dict[tuple, tuple[str, str, Form]] = {}
    urls = app.url_map.bind("localhost")
    for role, client, _endpoint, url, _read in _pages_of_the_app(app, act_as, demo):
        response = client.page
        page = response.status_code == 200 and response.mimetype == "text/html"
        for form in forms_in(response.get_data(as_text=True) if page else "", url):
            # the same form for another object (a button on each row) is swept once
            endpoint = urls.match(urlsplit(form.action).path, method=form.method.upper())[0]
            found.setdefault((endpoint, form.signature()[2]), (role, endpoint, form))
    return list(found.values())


def _one_not_a_choice(form: Form, name: str, value: Hostile) -> dict:
    """The form as the page filled it in, with a value that is none of the field's choices."""
    data = form.defaults()
    data.pop("csrf_token", None)
    data[name] = [value.text, *data.get(name, [])[1:]]
    return data


def _attempts(form: Form, where: str) -> list[tuple[dict, Hostile, str]]:
    """Every request the sweep sends the form: (data, hostile value, label)."""
    attempts = [(_all_hostile(form, v), v, f"{where} all fields {v.name}") for v in HOSTILE]
    for name, kind in dict.fromkeys((f.name, f.kind) for f in form.fields):
        if name == "csrf_token" or kind in SKIPPED_KINDS | {"file"}:
            continue
        values = ONE_FIELD_AT_A_TIME.get(db.engine.dialect.name, HOSTILE[1:4])
        attempts += [
            (_one_hostile(form, name, v), v, f"{where} field {name!r} {v.name}") for v in values
        ]
        if kind in CHOICE_KINDS:
            attempts += [
                (_one_not_a_choice(form, name, v), v, f"{where} choice {name!r} {v.name}")
                for v in NOT_A_CHOICE
            ]
    return attempts


def _sweep(client, form: Form, data: dict, label: str) -> list[str]:
    """Send the form; what went wrong, if anything."""
    problems = []
    before = _row_counts()
    try:
        if form.method == "post":
            response = client.post(form.action, data=data, content_type=None)
        else:
            response = client.get(form.action, query_string=data)
    except Exception as exc:
        return [f"{label}: 500 ({type(exc).__name__}: {exc})"[:600]]
    status = response.status_code
    if status >= 500:
        problems.append(f"{label}: {status}")
    if form.method == "post" and status in (200, 400, 422):
        after = _row_counts()
        stored = {t: after[t] - before[t] for t in after if after[t] != before[t]}
        if stored:
            problems.append(f"{label}: refused ({status}) but stored rows: {stored}")
    if any(f.kind == "file" for f in form.fields):
        with warnings.catch_warnings():  # werkzeug leaves spooled upload files to the collector
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()
    pages = [response]
    if status in (301, 302, 303) and response.location.startswith("/"):
        pages.append(client.get(response.location))
    for page in pages:
        if page.mimetype == "text/html" and MARKER in page.get_data(as_text=True):
            problems.append(f"{label}: a value is shown unescaped in {page.request.path}")
    return problems


def test_every_form_survives_hostile_values(app, act_as, demo):
    forms = _forms_of_the_app(app, act_as, demo)
    assert len(forms) >= 10, "the sweep found almost no forms: is the form parser broken?"
    clients = {}
    problems: list[tuple[str, str, str]] = []  # (endpoint, hostile value, what went wrong)
    for role, endpoint, form in forms:
        if role not in clients:  # logged in once: a swept logout form must not end the session
            clients[role] = act_as(role)
        client = clients[role]
        where = f"{role}: {form.method.upper()} {form.action}"
        for data, value, label in one_by_one(client, _attempts(form, where)):
            problems += [(endpoint, value.name, p) for p in _sweep(client, form, data, label)]
    dialect = db.engine.dialect.name
    unexpected = [
        text for endpoint, value, text in problems if (endpoint, value) not in KNOWN_INPUT_DEFECTS
    ]
    for (endpoint, value), (reason, dialects) in KNOWN_INPUT_DEFECTS.items():
        seen = any((e, v) == (endpoint, value) for e, v, _ in problems)
        if dialect in dialects and not seen:
            unexpected.append(
                f"{endpoint} now survives the {value!r} value ({reason}): remove its line from "
                "KNOWN_INPUT_DEFECTS in tests/gates/access_table.py"
            )
    assert not unexpected, f"{len(unexpected)} problems with hostile input:\n" + "\n".join(
        unexpected
    )


def _query_pages(app, act_as, demo) -> list[tuple[str, str, str, list[str]]]:
    """(role, endpoint, URL, parameters) for each distinct set of query parameters a view
    reads; a parameter that every page reads (the language) is swept on the first page only."""
    found: dict[tuple, tuple[str, str, str, list[str]]] = {}
    pages = [p for p in _pages_of_the_app(app, act_as, demo) if p[1].page.status_code == 200]
    everywhere = set.intersection(*(read for *_, read in pages)) if pages else set()
    for role, _client, endpoint, url, read in pages:
        names = sorted(read - everywhere) or (sorted(everywhere) if not found else [])
        if names:
            found.setdefault((endpoint, tuple(names)), (role, endpoint, url, names))
    return list(found.values())


def _get_sweep(client, url: str, data: dict, label: str) -> list[str]:
    """Ask for the page with `data` in its query string; what went wrong, if anything."""
    try:
        response = client.get(url, query_string=data)
    except Exception as exc:
        return [f"{label}: 500 ({type(exc).__name__}: {exc})"[:600]]
    response.close()
    if response.status_code >= 500:
        return [f"{label}: {response.status_code}"]
    if response.mimetype == "text/html" and MARKER in response.get_data(as_text=True):
        return [f"{label}: a value is shown unescaped"]
    return []


def test_every_query_parameter_survives_hostile_values(app, act_as, demo):
    pages = _query_pages(app, act_as, demo)
    read = {name for *_, names in pages for name in names}
    assert {"page", "q"} <= read, "the sweep found no page that reads its query string"
    clients = {}
    problems = []
    for role, _endpoint, url, names in pages:
        if role not in clients:
            clients[role] = act_as(role)
        client = clients[role]
        attempts = [
            ({n: v.text for n in names}, f"{role}: GET {url} all {v.name}") for v in HOSTILE
        ]
        attempts += [
            ({name: v.text}, f"{role}: GET {url} ?{name}= {v.name}")
            for name in names
            for v in HOSTILE
        ]
        for data, label in one_by_one(client, attempts):
            problems += _get_sweep(client, url, data, label)
    assert not problems, f"{len(problems)} problems with hostile query strings:\n" + "\n".join(
        problems
    )
