"""Fixtures of the data-protection tests: uploads in a folder of their own, a framework."""

import pytest

from app.extensions import db, limiter
from app.frameworks.vocab import FrameworkStatus
from tests.frameworks.factories import make_framework


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    """Uploads of each test go to a folder of its own."""
    before = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    limiter.reset()
    yield tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"] = before
    limiter.reset()


@pytest.fixture
def framework(app):
    """A published framework of two units, one outcome of one criterion each."""
    framework = make_framework(FrameworkStatus.DRAFT, units=2, outcomes=1, criteria=1)
    db.session.flush()
    framework.status = FrameworkStatus.PUBLISHED
    db.session.flush()
    return framework


@pytest.fixture
def admin_client(client, world):
    client.login(world["admin"])
    return client
