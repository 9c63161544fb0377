import pytest
import time_machine

from app.db import utcnow
from app.queue import queue
from tests.mailbox import smtp_mailbox


@pytest.fixture(autouse=True)
def empty_queue(app):
    """Nothing waits in the (in-memory) queue before or after a test of this folder."""
    queue(app).flush()
    yield
    queue(app).flush()


@pytest.fixture
def mailbox(app):
    """A real SMTP server on a local port that the application's mail goes to."""
    with smtp_mailbox(app) as box:
        yield box


@pytest.fixture
def stopped_clock():
    """The clock stopped at the current (fixed) instant; `stopped_clock.shift(seconds)` moves it."""
    with time_machine.travel(utcnow(), tick=False) as traveller:
        yield traveller
