"""Fixtures of the portal's tests: a real SMTP server, a clock that stands still, and the
real local OpenID provider of the auth tests (test_eid.py)."""

from tests.auth.conftest import mailbox, stopped_clock  # noqa: F401 - fixtures
from tests.auth.test_oidc import _fresh_discovery, connect, provider  # noqa: F401 - fixtures
