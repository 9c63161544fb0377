import pytest

from app.queue import queue
from tests.webhooks.receiver import receiver as start_receiver


@pytest.fixture(autouse=True)
def empty_queue(app):
    """Nothing waits in the (in-memory) queue before or after a test of this folder."""
    queue(app).flush()
    yield
    queue(app).flush()


@pytest.fixture
def receiver():
    with start_receiver() as running:
        yield running
