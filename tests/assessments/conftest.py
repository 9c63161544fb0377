"""Fixtures of the assessments area's tests."""

from __future__ import annotations

import pytest

from app.cases.workflow import Stage
from tests.cases.factories import make_case, make_participant
from tests.conftest import app_of
from tests.frameworks.factories import make_framework


@pytest.fixture
def framework():
    """A published framework: two units of two outcomes of two criteria."""
    return make_framework(units=2, outcomes=2, criteria=2)


@pytest.fixture
def case(world):
    """A case of the home municipality in the assessment stage, coached by `coach`."""
    participant = make_participant(world.home, first_name="Amina", last_name="Hassan")
    return make_case(world["coach"], participant, stage=Stage.ASSESSMENT)


@pytest.fixture
def unit(framework):
    return framework.units[0]


@pytest.fixture(autouse=True)
def upload_folder(request, tmp_path):
    """Attachments of each test go to a folder of its own (domain tests have no app)."""
    app = app_of(request)
    if app is None:
        yield None
        return
    before = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"] = before
