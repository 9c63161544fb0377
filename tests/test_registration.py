"""Explicit registration: each area's `init_app(app)` registers what the area offers, in
registries the application keeps; importing a module registers nothing (see `app/areas.py`)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from app.cases.facts import KNOWN_FACTS, case_fact
from app.config import AREAS, TestConfig
from app.permissions import rule
from app.vocab import Role

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

# The registries each application keeps in `app.extensions["validera.<name>"]`.
REGISTRIES = (
    "rules",
    "nav",
    "admin_links",
    "home_panels",
    "case_facts",
    "case_viewers",
    "timeline_sources",
    "employer_certificate_access",
    "refusals",
)
# What the keepers and session guards follow, per event of every session.
LISTENERS = {
    "before_flush": (
        "app.audit._refuse_changes_to_the_log",
        "app.frameworks.immutability._refuse_changes_to_published",
        "app.assessments.locking._refuse_changes_to_verified",
        "app.calendar.services.raise_sequences",
    ),
    "after_flush": ("app.cases.next_follow_up._after_flush", "app.summaries._collect"),
    "after_flush_postexec": ("app.summaries._recompute",),
    "do_orm_execute": (
        "app.audit._refuse_bulk_changes_to_the_log",
        "app.frameworks.immutability._refuse_bulk_changes",
        "app.assessments.locking._refuse_bulk_changes",
        "app.summaries._follow_bulk_changes",
    ),
}


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


def test_importing_every_module_registers_nothing():
    """Every module of `app` can be imported (Alembic, scripts, another application) without
    following a session or installing a keeper: only an area's `init_app` does that."""
    script = (
        "import importlib, pkgutil, app\n"
        "import app.reports.queries.cube\n"  # the cube first: it once could not be
        "from sqlalchemy import event\n"
        "from sqlalchemy.orm import Session\n"
        "from sqlalchemy.orm.events import SessionEvents\n"
        "modules = [importlib.import_module(m.name)\n"
        "           for m in pkgutil.walk_packages(app.__path__, 'app.')]\n"
        "from app.summaries import KEEPERS\n"
        "events = [n for n in vars(SessionEvents) if n[0] != '_' and n != 'dispatch']\n"
        "functions = {f for m in modules for f in vars(m).values()\n"
        "             if callable(f) and getattr(f, '__module__', '').startswith('app')}\n"
        "print(len(modules) > 100, KEEPERS, sorted(f'{e} {f.__module__}.{f.__name__}'\n"
        "      for e in events for f in functions if event.contains(Session, e, f)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True [] []"


def test_the_application_keeps_what_its_areas_register(app):
    rules = app.extensions["validera.rules"]
    assert {"case.view", "mapping.edit", "certificate.download", "privacy.log"} <= set(rules)
    assert set(app.extensions["validera.case_facts"]) == set(KNOWN_FACTS)
    assert len(app.extensions["validera.home_panels"]) == 12
    assert [link.endpoint for link in app.extensions["validera.nav"]][:2] == [
        "main.home",
        "cases.index",
    ]
    assert len(app.extensions["validera.timeline_sources"]) == 3
    assert len(app.extensions["validera.employer_certificate_access"]) == 1
    assert len(app.extensions["validera.admin_links"]) == 14


def test_a_second_application_gets_equal_registries_and_doubles_nothing(app):
    first, second = create_app(TestConfig), create_app(TestConfig)
    with app.test_request_context():  # menu labels are lazy texts, compared in a language
        for name in REGISTRIES:
            # a registry nobody filled may be absent, or empty once read
            kept = [
                built.extensions.get(f"validera.{name}") or None for built in (app, first, second)
            ]
            assert kept[0] == kept[1] == kept[2], name
            assert kept[1] is None or kept[1] is not kept[2], name
            items = list(kept[1] or ())
            assert [item for item in items if items.count(item) > 1] == [], name


def test_keepers_and_session_guards_are_installed_once_in_order(app):
    create_app(TestConfig)
    from app.summaries import KEEPERS

    assert [keeper.name for keeper in KEEPERS] == ["certificate_readiness", "matching", "reports"]
    session = sa.orm.Session()
    for event_name, expected in LISTENERS.items():
        followed = [f"{f.__module__}.{f.__name__}" for f in getattr(session.dispatch, event_name)]
        assert followed == list(expected), event_name


def test_an_action_declared_twice_in_one_application_is_refused():
    built = create_app(TestConfig)
    with pytest.raises(ValueError, match="declared twice"):
        rule(built, "case.view", Role.COACH)


def test_a_case_fact_provided_twice_in_one_application_is_refused():
    built = create_app(TestConfig)
    with pytest.raises(ValueError, match="provided twice"):
        case_fact(built, "units_ready", lambda case: 0)
    with pytest.raises(ValueError, match="unknown case fact"):
        case_fact(built, "no_such_fact", lambda case: 0)


def _area(name: str):
    return importlib.import_module(f"app.{name}")
