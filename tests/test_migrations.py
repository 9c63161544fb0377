"""Migrations build the same schema as the models, and downgrade to nothing, on both databases."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests import databases


@pytest.fixture
def empty_database(tmp_path):
    """A database of its own: a SQLite file, or a fresh PostgreSQL database beside the test one."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    server = sa.make_url(url)
    name = sa.make_url(databases.url_of("migrations")).database  # this process's own
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_match_the_models_and_downgrade(empty_database):
    migrated = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        downgrade(revision="base")
        remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        db.engine.dispose()


def vars_of(config_class) -> dict:
    """A configuration class as a dict (upper-case settings only)."""
    return {key: getattr(config_class, key) for key in dir(config_class) if key.isupper()}
