"""How an area joins the application: each area package has `init_app(app)`, which the factory
(`app/__init__.py`) calls for every area named in `app.config["AREAS"]`.

What an area offers is kept by the application it was offered to, in a registry of
`app.extensions` (`registry`): permission rules, menu links, home panels, case facts, ... Only
calls made from an area's `init_app` fill them, directly or through the `register(app)` of its
`hooks.py`; importing a module registers nothing. A second application built in the same process
gets registries of its own.

Two things are not kept per application. Views attach to the area's blueprint when its route
modules are imported (`load`), and `app.register_blueprint(bp)` hands them to each application.
SQLAlchemy's session events belong to the `Session` class, shared by every application of the
process: keepers and session guards are installed once, by the `install()` that `init_app` calls.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

T = TypeVar("T")


def load(package: str, *modules: str) -> None:
    """Import `modules` of `package` (e.g. "routes.case"): their views attach to its blueprint."""
    for name in modules:
        importlib.import_module(f"{package}.{name}")


def registry(app: Flask, name: str, empty: Callable[[], T]) -> T:
    """The application's registry `name` (`app.extensions["validera.<name>"]`), made with
    `empty()` on first use."""
    return app.extensions.setdefault(f"validera.{name}", empty())


def listen(event_name: str, listener: Callable[..., Any]) -> None:
    """Follow `event_name` of every session of the process, once however often it is asked."""
    if not event.contains(Session, event_name, listener):
        event.listen(Session, event_name, listener)
