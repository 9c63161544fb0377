"""Gate: every route answers each role as tests/gates/access_table.py says, and no other way."""

from __future__ import annotations

import pytest

from tests.gates.access_table import KNOWN_DEFECTS
from tests.gates.conftest import undone
from tests.gates.demo import ROLES
from tests.gates.matrix import app_routes, observed, probes, rule_methods, table_problems


def test_every_route_is_in_the_access_table(app):
    problems = table_problems(app)
    assert not problems, "The access table is out of date:\n" + "\n".join(problems)


def _send(client, probe, csrf: bool = True):
    if probe.method == "GET":
        return client.get(probe.url)
    return client.post(probe.url, data={}, csrf=csrf)


def _answer(client, probe) -> object:
    """The probe's answer as the table writes it; an exception in the view is a 500."""
    try:
        return observed(_send(client, probe))
    except Exception as exc:  # noqa: BLE001 - the test client re-raises what a server answers 500
        return f"500 ({type(exc).__name__}: {exc})"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(app, act_as, demo, role):
    assert not table_problems(app), "see test_every_route_is_in_the_access_table"
    client = act_as(role)
    session_cookie = client.get_cookie("session")
    wrong = []
    for probe in probes(app, demo, role):
        if session_cookie is not None:  # a probed logout must not end the next probe's session
            client.set_cookie("session", session_cookie.value)
        with undone():
            got = _answer(client, probe)
        defect = KNOWN_DEFECTS.get((probe.endpoint, probe.rule, probe.method, role))
        if defect and probe.scope != "missing":
            if got == probe.want:
                wrong.append(
                    f"{probe.method} {probe.url} ({probe.endpoint}) now answers {got} as the "
                    "table says: remove its line from KNOWN_DEFECTS in tests/gates/access_table.py"
                )
        elif got != probe.want:
            wrong.append(
                f"{probe.method} {probe.url} ({probe.endpoint}, {probe.scope} object): "
                f"expected {probe.want}, got {got}"
            )
    assert not wrong, f"As {role}, {len(wrong)} answers differ from the table:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ["anonymous", "admin", "coach", "employer"])
def test_a_post_without_csrf_token_is_refused(app, act_as, demo, role):
    client = act_as(role)
    accepted = []
    for probe in probes(app, demo, role):
        if probe.method != "POST" or probe.scope != "own":
            continue
        with undone():
            response = _send(client, probe, csrf=False)
        if response.status_code != 400:
            accepted.append(f"POST {probe.url} ({probe.endpoint}): {response.status_code}")
    assert not accepted, "Accepted without a CSRF token:\n" + "\n".join(accepted)


def test_every_post_route_is_probed(app, demo):
    """The matrix covers every mutating route (guards the probe list itself)."""
    posted = {p.endpoint for p in probes(app, demo, "admin") if p.method == "POST"}
    routes = {r.endpoint for r in app_routes(app) if "POST" in rule_methods(r)}
    assert routes and routes == posted
