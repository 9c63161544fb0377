"""The machinery of the access matrix: routes of an app, their URLs, and what was expected."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask
from werkzeug.routing import Rule

from app.extensions import db
from tests.gates.access_table import ALL, KNOWN_DEFECTS, LOGIN, TABLE, Route
from tests.gates.demo import Demo

TABLE_FILE = "tests/gates/access_table.py"
METHODS = ("GET", "POST", "DELETE")
MISSING_ID = 2_000_000_000  # an id no demo object has
T = TypeVar("T")


def app_routes(app: Flask) -> Iterator[Rule]:
    """Every URL rule of the app but static files."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and not rule.endpoint.endswith(".static"):
            yield rule


def rule_methods(rule: Rule) -> set[str]:
    return {m for m in METHODS if m in (rule.methods or ())}


def table_problems(app: Flask, table: dict[str, Route] = TABLE) -> list[str]:
    """What is missing from (or out of date in) the table, as messages for the developer."""
    problems = []
    seen = set()
    for rule in app_routes(app):
        seen.add(rule.endpoint)
        route = table.get(rule.endpoint)
        if route is None:
            problems.append(
                f"{rule.endpoint} ({rule.rule}) is not in the access table: add it to "
                f"{TABLE_FILE} with the status each role should get"
            )
            continue
        missing = rule_methods(rule) - route.methods()
        if missing:
            problems.append(
                f"{rule.endpoint} ({rule.rule}) accepts {sorted(missing)} but {TABLE_FILE} "
                "says nothing about it: add the expected statuses"
            )
        if takes_object(rule) and route.args is None and not route.no_object:
            problems.append(
                f"{rule.endpoint} ({rule.rule}) takes {sorted(rule.arguments)}: give its entry "
                f"in {TABLE_FILE} an `args=` builder that finds them in the demo data"
            )
    for endpoint in sorted(set(table) - seen):
        problems.append(f"{endpoint} is in {TABLE_FILE} but the app has no such route: remove it")
    return problems


def takes_object(rule: Rule) -> bool:
    return bool(rule.arguments - set(rule.defaults or {}))


def build_url(rule: Rule, route: Route, demo: Demo, scope: str) -> str:
    """The rule's URL for an object of `scope` ("own", "other" or "missing")."""
    if not takes_object(rule):
        return rule.build(dict(rule.defaults or {}))[1]
    if route.no_object:  # only ids that do not exist
        return rule.build(
            {
                name: MISSING_ID if type(converter).__name__ == "IntegerConverter" else "nosuch"
                for name, converter in rule._converters.items()
            }
        )[1]
    values = dict(route.args(demo, "own" if scope == "missing" else scope))
    if scope == "missing":
        for key, value in values.items():
            values[key] = MISSING_ID if isinstance(value, int) else f"nosuch{value}"
            try:
                rule.build(values)
            except ValueError:  # a fixed choice (<any(...)>) stays as it is
                values[key] = value
    return rule.build(values)[1]


def expected(route: Route, method: str, role: str, scope: str) -> Any:
    """The status the table expects for `role` on an object of `scope`."""
    by_role = getattr(route, method)
    value = by_role.get(role, by_role[ALL])
    if isinstance(value, tuple):
        value = value[0] if scope == "own" else value[1]
    return value


def observed(response) -> Any:
    """The response's status as the table writes it (a redirect to the login page is LOGIN)."""
    if response.status_code in (302, 303) and response.location.split("?")[0].endswith("/login"):
        return LOGIN
    return response.status_code


@dataclass(frozen=True)
class Probe:
    """One request the matrix makes."""

    endpoint: str
    rule: str
    method: str
    scope: str
    url: str
    want: Any


def probes(
    app: Flask, demo: Demo, role: str, table: dict[str, Route] = TABLE, endpoints=None
) -> list[Probe]:
    """Every request to make as `role` (to `endpoints`, or all), with the expected status."""
    result = []
    for rule in app_routes(app):
        if endpoints is not None and rule.endpoint not in endpoints:
            continue
        entry = table[rule.endpoint]
        route = entry.for_rule(rule.rule)
        scopes = ("own", "other", "missing") if takes_object(rule) else ("own",)
        if entry.no_other:
            scopes = tuple(scope for scope in scopes if scope != "other")
        if entry.no_object:
            scopes = ("missing",)
        for method in sorted(rule_methods(rule)):
            for scope in scopes:
                if scope == "missing":
                    own = expected(route, method, role, "own")
                    want = own if own in (LOGIN, 401, 403) else 404
                else:
                    want = expected(route, method, role, scope)
                url = build_url(rule, entry, demo, scope)
                result.append(Probe(rule.endpoint, rule.rule, method, scope, url, want))
    return result


@contextmanager
def undone():
    """Whatever the requests inside change in the database is undone at the end."""
    connection = db.session.get_bind()
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()
        db.session.expire_all()


def send(client, probe: Probe, data: dict | None = None, csrf: bool = True):
    """Make the probe's request (a POST carries `data`, by default nothing but the token)."""
    if probe.method == "GET":
        return client.get(probe.url)
    if probe.method == "DELETE":  # the API's, whose tokens no forged form can carry
        return client.delete(probe.url)
    return client.post(probe.url, data=data or {}, csrf=csrf)


def answer(client, probe: Probe) -> Any:
    """The probe's answer as the table writes it; an exception in the view is a 500."""
    try:
        response = send(client, probe)
    except Exception as exc:
        return f"500 ({type(exc).__name__}: {exc})"
    response.close()  # a file download holds its file open until then
    return observed(response)


def one_by_one(client, requests: Iterable[T]) -> Iterator[T]:
    """Each of `requests` in turn, for the caller to send in the client's session as it was
    at the start, and undone (with what it wrote to the database) once the caller is done.
    The client is left in that session too."""
    session_cookie = client.get_cookie("session")
    try:
        for request in requests:
            if session_cookie is not None:  # a probed logout must not end the next one's session
                client.set_cookie("session", session_cookie.value)
            with undone():
                yield request
    finally:
        if session_cookie is not None:
            client.set_cookie("session", session_cookie.value)


def mismatches(
    app: Flask,
    client,
    demo: Demo,
    role: str,
    table: dict[str, Route] = TABLE,
    known: dict = KNOWN_DEFECTS,
    endpoints=None,
) -> list[str]:
    """Every answer to `role` that differs from the table, each request undone afterwards."""
    wrong: list[str] = []
    defects: dict[tuple, list[bool]] = {}
    for probe in one_by_one(client, probes(app, demo, role, table, endpoints)):
        got = answer(client, probe)
        key = (probe.endpoint, probe.rule, probe.method, role)
        if key not in known:
            key = (probe.endpoint, probe.rule, probe.method, ALL)
        if key in known:
            defects.setdefault(key, []).append(got == probe.want)
        elif got != probe.want:
            wrong.append(
                f"{probe.method} {probe.url} ({probe.endpoint}, {probe.scope} object): "
                f"expected {probe.want}, got {got}"
            )
    for key, matched in defects.items():
        if all(matched):
            wrong.append(
                f"{key[2]} {key[1]} ({key[0]}) now answers {role} as the table says: "
                f"remove its line from KNOWN_DEFECTS in {TABLE_FILE}"
            )
    return wrong
