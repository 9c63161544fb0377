"""Fixtures of the mapping area: a case of the home municipality's coach, and a framework."""

import pytest

from app.cases.workflow import Stage
from tests.cases.factories import make_case
from tests.conftest import app_of
from tests.frameworks.factories import make_framework


@pytest.fixture(autouse=True)
def upload_folder(request, tmp_path):
    """Uploads of each test go to a folder of its own (domain tests have no app)."""
    app = app_of(request)
    if app is None:
        yield None
        return
    before = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"] = before


@pytest.fixture
def framework(app):
    """A published framework: two units of two outcomes of two criteria."""
    return make_framework()


@pytest.fixture
def case(world):
    """A case of world['coach'] in the mapping stage."""
    return make_case(world["coach"], stage=Stage.MAPPING)
