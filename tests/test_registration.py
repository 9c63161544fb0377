"""Explicit registration: each area's `init_app(app)` registers what the area offers, and
nothing registers because another module happened to import it (see `app/areas.py`)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

from app.config import AREAS

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

# Modules whose import registers something: views, home panels, facts, keepers, session guards.
REGISTERING = (
    "app.assessments.hooks",
    "app.assessments.locking",
    "app.cases.hooks",
    "app.cases.next_follow_up",
    "app.certificates.hooks",
    "app.certificates.readiness",
    "app.employers.hooks",
    "app.employers.summaries",
    "app.frameworks.immutability",
    "app.mapping.hooks",
    "app.reports.hooks",
    "app.reports.summaries.keeper",
)


def test_every_area_has_init_app():
    missing = [area for area in AREAS if not callable(getattr(_area(area), "init_app", None))]
    assert missing == []


def test_the_factory_initialises_the_configured_areas(app):
    assert tuple(app.config["AREAS"]) == AREAS
    assert set(AREAS) <= set(app.blueprints)


def test_no_side_effect_import_outside_the_models_aggregate():
    """`app/models.py` imports every model for the mappers and `create_all`; nowhere else is a
    module imported only for what importing it registers."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(APP.rglob("*.py"))
        if path != APP / "models.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "noqa: F401" in line or "noqa: E402, F401" in line
    ]
    assert found == []


def test_importing_the_models_registers_nothing():
    """Every model can be imported (Alembic, scripts) without loading a keeper, a session guard,
    a home panel or a view: only `init_app` loads those."""
    script = (
        "import sys, app.models\n"
        f"print(sorted(name for name in {REGISTERING!r} if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_init_app_loads_what_the_areas_register(app):
    assert all(name in sys.modules for name in REGISTERING)


def _area(name: str):
    return importlib.import_module(f"app.{name}")
