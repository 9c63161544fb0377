"""The gates themselves: an unprotected route or an unlabelled input makes them fail.

Each test builds an application with one deliberate mistake and runs the same functions the
gates run on the real application.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import render_template_string
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.permissions import public
from tests.conftest import ValideraClient
from tests.gates.a11y import run_axe
from tests.gates.access_table import TABLE, Route, expect
from tests.gates.browser import chromium_executable, new_page
from tests.gates.demo import ANON
from tests.gates.matrix import mismatches, table_problems

PAGE = """{% extends "base.html" %}{% block title %}Probe{% endblock %}
{% block content %}<h1>Probe</h1><form method="get">FIELD<button type="submit">Go</button></form>
{% endblock %}"""


def _app_with(view, rule: str = "/probe"):
    app = create_app(TestConfig)
    app.test_client_class = ValideraClient
    app.add_url_rule(rule, "probe", view)
    return app


def test_a_route_missing_from_the_table_fails_the_matrix():
    def forgotten():
        return "no one said who may see this"

    before = set(table_problems(create_app(TestConfig)))
    problems = set(table_problems(_app_with(forgotten))) - before
    assert problems == {
        "probe (/probe) is not in the access table: add it to tests/gates/access_table.py "
        "with the status each role should get"
    }


def test_an_unprotected_route_fails_the_matrix(demo):
    @public
    def leaky():
        return "participants' personal data"

    app = _app_with(leaky)
    table = {**TABLE, "probe": Route(GET=expect(200))}  # meant for logged-in users only
    with app.app_context():
        wrong = mismatches(app, app.test_client(), demo, ANON, table, endpoints={"probe"})
    assert wrong == ["GET /probe (probe, own object): expected login, got 200"]


def test_a_declared_route_passes_the_matrix(demo):
    @public
    def open_page():
        return "for everyone"

    app = _app_with(open_page)
    table = {**TABLE, "probe": Route(GET=expect(200, anonymous=200))}
    with app.app_context():
        assert not [p for p in table_problems(app, table) if p.startswith("probe")]
        assert mismatches(app, app.test_client(), demo, ANON, table, endpoints={"probe"}) == []


@pytest.mark.parametrize("logged", [False, True], ids=["unlogged", "logged"])
def test_a_page_showing_a_participant_unlogged_fails_the_audit_gate(demo, logged):
    from app.audit import record
    from app.cases.models import Participant
    from app.extensions import db
    from tests.gates.test_audit_reads import unlogged_reads

    person = db.session.scalars(sa.select(Participant).order_by(Participant.id)).first()

    @public
    def names():
        if logged:
            record("probe.viewed", participant_id=person.id)
            db.session.commit()
        return f"<p>{person.first_name} <b>{person.last_name}</b>, {person.personal_number}</p>"

    app = _app_with(names)
    table = {**TABLE, "probe": Route(GET=expect(200, anonymous=200))}
    with app.app_context():
        found = unlogged_reads(app, app.test_client(), demo, ANON, table, endpoints={"probe"})
    assert bool(found) is not logged
    if found:
        assert person.full_name.casefold() in found[0] and person.personal_number in found[0]


@pytest.fixture
def serve():
    """Serve an app on a free localhost port in a thread, for as long as the test runs."""
    servers = []

    def start(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("field", "violations"),
    [
        ('<input type="text" name="nickname">', ["label (critical)"]),
        ('<label for="nick">Nickname</label><input type="text" id="nick" name="nick">', []),
    ],
    ids=["unlabelled", "labelled"],
)
def test_an_unlabelled_input_fails_the_accessibility_gate(browser, serve, field, violations):
    chromium_executable()

    @public
    def probe():
        return render_template_string(PAGE.replace("FIELD", field))

    page = new_page(browser, serve(_app_with(probe)))
    assert page.goto("/probe").status == 200
    found = [line.split(":")[0] for line in run_axe(page)]
    page.context.close()
    assert found == violations
