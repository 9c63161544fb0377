"""Fixtures of the portal's tests: a real SMTP server and a clock that stands still."""

from tests.auth.conftest import mailbox, stopped_clock  # noqa: F401 - fixtures
