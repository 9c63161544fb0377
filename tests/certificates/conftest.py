"""Fixtures of the certificates area's tests."""

from __future__ import annotations

import pytest

from app.cases.workflow import Stage
from app.extensions import db, limiter
from app.frameworks.vocab import FrameworkStatus
from tests.cases.factories import make_case, make_participant
from tests.certificates.factories import verify_units
from tests.frameworks.factories import make_framework


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    """Each test starts with empty rate-limit counters and leaves none behind."""
    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture
def framework():
    """A published framework with two units of two outcomes, å ä ö é in its words."""
    framework = make_framework(
        FrameworkStatus.DRAFT, units=2, outcomes=2, criteria=1, name="Lokalvård för städerskor"
    )
    framework.units[0].title = "Städning av kontor och allmänna utrymmen"
    framework.units[1].title = "Hygien och säkerhet på arbetsplatsen, café och kök"
    db.session.flush()
    framework.status = FrameworkStatus.PUBLISHED
    db.session.flush()
    return framework


@pytest.fixture
def case(world):
    """A case of the home municipality in the verification stage."""
    participant = make_participant(world.home, first_name="Åsa", last_name="Öberg-Émile")
    return make_case(world["coach"], participant, stage=Stage.VERIFICATION)


@pytest.fixture
def verified(case, framework, world):
    """Both units of the framework verified as achieved for the case."""
    return verify_units(case, world["assessor"], world["verifier"], framework.units)


@pytest.fixture
def coach_client(client, world):
    client.login(world["coach"])
    return client
