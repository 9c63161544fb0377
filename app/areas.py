"""How an area joins the application: each area package has `init_app(app)`, which the factory
(`app/__init__.py`) calls for every area named in `app.config["AREAS"]`.

Much of what an area offers is registered by a decorator when its module is imported: views on
the blueprint, home panels, facts and timeline entries (`hooks.py`), keepers of summary tables
and session guards. `load` imports such modules by name, and only an area's `init_app` calls it,
so that what an area registers is listed in one place and nothing registers because another
module happened to import it.
"""

from __future__ import annotations

import importlib


def load(package: str, *modules: str) -> None:
    """Import `modules` of `package` (e.g. "hooks", "routes.case") for what they register."""
    for name in modules:
        importlib.import_module(f"{package}.{name}")
