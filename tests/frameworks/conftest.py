"""Fixtures of the frameworks area."""

import pytest

from tests.frameworks.factories import make_framework


@pytest.fixture
def framework(app):
    """A published framework: two units, two outcomes each, two criteria per outcome."""
    return make_framework()


@pytest.fixture
def draft(app):
    """A draft framework with the same shape."""
    return make_framework("draft")
