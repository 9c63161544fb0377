import pytest
import time_machine

from app.db import utcnow


@pytest.fixture
def stopped_clock():
    """The clock stopped at the current (fixed) instant; `stopped_clock.shift(seconds)` moves it."""
    with time_machine.travel(utcnow(), tick=False) as traveller:
        yield traveller
