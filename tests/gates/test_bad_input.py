"""Gate: every form, sent hostile values, answers without a 500, stores nothing when it refuses,
and never echoes a value unescaped.

The forms are found by rendering every page the access table lets a role see and reading its
`<form>` elements, so a new form is swept as soon as its page is in the table. Each form is
sent every hostile value in all its fields at once, then the script and NUL values in one field
at a time with the others as the page filled them in (so an edit form gets far enough to save).
"""

from __future__ import annotations

import gc
import io
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa

from app.extensions import db
from tests.gates.access_table import KNOWN_INPUT_DEFECTS, TABLE
from tests.gates.demo import ROLES
from tests.gates.forms import Form, forms_in
from tests.gates.matrix import app_routes, build_url, expected, takes_object, undone

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


def _forms_of_the_app(app, act_as, demo) -> list[tuple[str, str, Form]]:
    """(role, endpoint, form) for every distinct form on the pages each role may see."""
    found: dict[tuple, tuple[str, str, Form]] = {}
    urls = app.url_map.bind("localhost")
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
                response = client.get(url)
                page = response.status_code == 200 and response.mimetype == "text/html"
                html = response.get_data(as_text=True) if page else ""
                response.close()  # a file download holds its file open until then
                for form in forms_in(html, url):
                    # the same form for another object (a button on each row) is swept once
                    endpoint = urls.match(urlsplit(form.action).path, method=form.method.upper())[0]
                    found.setdefault((endpoint, form.signature()[2]), (role, endpoint, form))
    return list(found.values())


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
        client = clients.setdefault(role, act_as(role))
        cookie = client.get_cookie("session")
        where = f"{role}: {form.method.upper()} {form.action}"
        attempts = [(_all_hostile(form, v), v, f"{where} all fields {v.name}") for v in HOSTILE]
        for f in form.fields:
            if f.name != "csrf_token" and f.kind not in SKIPPED_KINDS | {"file"}:
                attempts += [
                    (_one_hostile(form, f.name, v), v, f"{where} field {f.name!r} {v.name}")
                    for v in ONE_FIELD_AT_A_TIME.get(db.engine.dialect.name, HOSTILE[1:4])
                ]
        for data, value, label in attempts:
            if cookie is not None:
                client.set_cookie("session", cookie.value)
            with undone():
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
