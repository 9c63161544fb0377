"""Fixtures of the cases area's tests."""

from __future__ import annotations

import pytest

from app.cases import facts as facts_module


@pytest.fixture
def case_facts():
    """Provide the facts other areas will register; a test sets the values it needs."""
    values = {}
    saved = dict(facts_module._FACTS)
    for name in facts_module.KNOWN_FACTS:
        facts_module._FACTS[name] = lambda case, name=name: values.get(
            name, facts_module.KNOWN_FACTS[name]
        )
    yield values
    facts_module._FACTS.clear()
    facts_module._FACTS.update(saved)


@pytest.fixture
def coach_client(client, world):
    """A client logged in as the home municipality's first coach."""
    client.login(world["coach"])
    return client
