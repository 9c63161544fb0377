"""Gate: the journey, through the user interface only, once in Swedish and once in English."""

from __future__ import annotations

import pytest

from tests.gates.browser import start_server
from tests.gates.journey import STEPS, Journey

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server():
    """A server of its own for each run: the journey starts from the demo data only."""
    server = start_server("journey")
    yield server
    server.stop()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_journey(browser, fresh_server, language):
    journey = Journey(browser, fresh_server, language)
    for step in STEPS:
        try:
            step(journey)
        except Exception as error:
            raise AssertionError(
                f"step {step.__name__!r} ({step.__doc__}) failed: {error}"
            ) from error
    for page in journey.pages.values():
        page.context.close()
