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
