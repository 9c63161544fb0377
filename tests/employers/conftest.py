"""Fixtures of the employers area's tests."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.frameworks.vocab import FrameworkStatus
from tests.employers.factories import make_candidate
from tests.frameworks.factories import make_framework

UNIT_TITLES = ("Truck A", "Truck B", "Godsmottagning", "Plock och pack", "Arbetsmiljö")


@pytest.fixture
def framework():
    """A published warehouse framework with five units named as in UNIT_TITLES."""
    framework = make_framework(
        FrameworkStatus.DRAFT, units=len(UNIT_TITLES), outcomes=1, criteria=1, name="Lager"
    )
    for unit, title in zip(framework.units, UNIT_TITLES, strict=True):
        unit.title = title
    db.session.flush()
    framework.status = FrameworkStatus.PUBLISHED
    db.session.flush()
    return framework


@pytest.fixture
def units(framework):
    """The framework's units by title."""
    return {unit.title: unit for unit in framework.units}


@pytest.fixture
def candidate(world):
    """Factory: a candidate coached by the world's coach; see `make_candidate`."""

    def make(**kwargs):
        kwargs.setdefault("assessor", world["assessor"])
        kwargs.setdefault("verifier", world["verifier"])
        return make_candidate(world["coach"], **kwargs)

    return make
