"""Fixtures of the auth tests: a clock that stands still until a test moves it, a real SMTP
server, empty rate limits."""

import pytest
import time_machine

from app.db import utcnow
from app.extensions import limiter
from tests.mailbox import smtp_mailbox


@pytest.fixture
def stopped_clock():
    """The clock stopped at the current (fixed) instant; `stopped_clock.shift(seconds)` moves it."""
    with time_machine.travel(utcnow(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def mailbox(app):
    """A real SMTP server (aiosmtpd) the application sends its mail to (tests/mailbox.py)."""
    with smtp_mailbox(app) as received:
        yield received


@pytest.fixture
def fresh_rate_limits(app):
    """Empty rate-limit counters before and after the test."""
    limiter.reset()
    yield
    limiter.reset()
