"""Demo data: realistic Swedish examples for every stage of the journey.

Each area adds a loader module here; `load_demo_data` runs them in journey order. Every loader
is idempotent: it looks up what exists by a natural key and adds only what is missing.
"""

from __future__ import annotations

import importlib

DEMO_PASSWORD = "validera-demo"  # noqa: S105 - documented demo password, demo data only

# Journey order; a loader may rely on what earlier loaders created.
LOADERS = (
    "organisations",
    "cases",
    "frameworks",
    "mapping",
    "assessments",
    "certificates",
    "employers",
    "reports",
    "privacy",
    "second_factor",
    "staff",
    "portal",
    "portal_records",
    "learning",
    "api",
)


def load_demo_data() -> int:
    """Run every loader; returns the number of accounts created."""
    created = 0
    for name in LOADERS:
        module = importlib.import_module(f"app.demo.{name}")
        created += module.load() or 0
    return created
