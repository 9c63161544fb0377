import pytest

from app.queue import queue


@pytest.fixture(autouse=True)
def empty_queue(app):
    """Nothing waits in the (in-memory) queue before or after a test of this folder."""
    queue(app).flush()
    yield
    queue(app).flush()
