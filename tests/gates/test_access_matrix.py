"""Gate: every route answers each role as tests/gates/access_table.py says, and no other way."""

from __future__ import annotations

import pytest

from tests.gates.access_table import CSRF_EXEMPT
from tests.gates.demo import ROLES
from tests.gates.matrix import (
    app_routes,
    mismatches,
    probes,
    rule_methods,
    send,
    table_problems,
    undone,
)


def test_every_route_is_in_the_access_table(app):
    problems = table_problems(app)
    assert not problems, "The access table is out of date:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says_and_needs_a_csrf_token(app, act_as, demo, role):
    assert not table_problems(app), "see test_every_route_is_in_the_access_table"
    client = act_as(role)
    wrong = mismatches(app, client, demo, role)
    assert not wrong, f"As {role}, {len(wrong)} answers differ from the table:\n" + "\n".join(wrong)
    # Mutating requests without a CSRF token are refused, whoever sends them.
    accepted = []
    for probe in probes(app, demo, role):
        if probe.method == "POST" and probe.scope == "own" and probe.endpoint not in CSRF_EXEMPT:
            with undone():
                response = send(client, probe, csrf=False)
            if response.status_code != 400:
                accepted.append(f"POST {probe.url} ({probe.endpoint}): {response.status_code}")
    assert not accepted, f"As {role}, accepted without a CSRF token:\n" + "\n".join(accepted)


def test_every_post_route_is_probed(app, demo):
    """The matrix covers every mutating route (guards the probe list itself)."""
    posted = {p.endpoint for p in probes(app, demo, "admin") if p.method == "POST"}
    routes = {r.endpoint for r in app_routes(app) if "POST" in rule_methods(r)}
    assert routes and routes == posted


def test_the_api_answers_each_scope_in_own_and_other_municipality_and_no_token(app, demo):
    """Every API route, asked with a token of each scope (of a client of the demo's own
    municipality) for an object of its own and of another municipality, and with none."""
    from app.api.vocab import Scope
    from tests.api.factories import bearer, make_client, token_for
    from tests.gates.access_table import API_TABLE, TABLE
    from tests.gates.matrix import build_url

    api_routes = {r.endpoint for r in app_routes(app) if r.endpoint.startswith("api.")}
    assert api_routes - {"api.token"} == set(API_TABLE)
    http, town = app.test_client(), demo.municipality("own")
    tokens = {None: None}
    for scope in Scope:
        made, secret = make_client(town, [str(scope)], name=f"Matrix {scope}")
        tokens[str(scope)] = token_for(http, made, secret)
    wrong = []
    for rule in app_routes(app):
        if rule.endpoint not in API_TABLE:
            continue
        needed, own, other = API_TABLE[rule.endpoint]
        for where, expected_here in (("own", own), ("other", other)):
            url = build_url(rule, TABLE[rule.endpoint], demo, where)
            for scope, token in tokens.items():
                want = 401 if token is None else expected_here if scope == needed else 403
                headers = bearer(token) if token else {}
                with undone():
                    if "DELETE" in rule.methods:
                        got = http.delete(url, headers=headers).status_code
                    elif "POST" in rule.methods:
                        got = http.post(url, json={}, headers=headers, csrf=False).status_code
                    else:
                        got = http.get(url, headers=headers).status_code
                if got != want:
                    wrong.append(f"{url} with {scope or 'no token'} ({where}): {got}, not {want}")
    assert not wrong, "\n".join(wrong)
