"""Fixtures of the cases area's tests."""

from __future__ import annotations

import pytest

from app.cases.facts import KNOWN_FACTS


@pytest.fixture
def case_facts(app):
    """Stand in for the facts other areas provide; a test sets the values it needs."""
    values = {}
    provided = app.extensions["validera.case_facts"]
    saved = dict(provided)
    for name in KNOWN_FACTS:
        provided[name] = lambda case, name=name: values.get(name, KNOWN_FACTS[name])
    yield values
    provided.clear()
    provided.update(saved)


@pytest.fixture
def coach_client(client, world):
    """A client logged in as the home municipality's first coach."""
    client.login(world["coach"])
    return client
