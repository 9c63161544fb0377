"""Validera: validation-case management for municipal labour-market units."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from app.config import Config, instance_secret_key

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Any = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("VALIDERA_INSTANCE", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
    )
    _configure(app, config)
    _init_extensions(app)
    _init_areas(app)
    from app import cli, outage, web

    web.init_app(app)
    outage.init_app(app)
    cli.init_app(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind reverse proxies, take the client's address and scheme from their headers."""
    x_for, x_proto = app.config["PROXY_FIX_X_FOR"], app.config["PROXY_FIX_X_PROTO"]
    if x_for or x_proto:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto)


def _configure(app: Flask, config: Any) -> None:
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'validera.db'}"
        )
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = str(Path(app.instance_path) / "uploads")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}


def _init_extensions(app: Flask) -> None:
    from app import i18n
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate
    from app.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from app import cache, queue

    queue.init_app(app)
    cache.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from app.db import configure_sqlite

        with app.app_context():
            configure_sqlite(db.engine)


def _init_areas(app: Flask) -> None:
    """Every model first (mappers and `create_all` need them all), the audit log's guard and
    the uploaded files' following of transactions,
    then each area's `init_app`: its rules, menu links, hooks, keepers, session guards, views
    and blueprint (see `app/areas.py`); then no view may name an undeclared action."""
    import importlib

    importlib.import_module("app.models")
    from app import audit, permissions, uploads

    audit.install()
    uploads.install()
    for area in app.config["AREAS"]:
        importlib.import_module(f"app.{area}").init_app(app)
    permissions.verify_views(app)
