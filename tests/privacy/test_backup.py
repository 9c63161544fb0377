"""`flask backup` and `flask restore`: SQLite's online backup, and an identical database after."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
import sqlalchemy as sa

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.privacy.backup import BackupRefused, sqlite_path


def _invoke(app, *args: str):
    """Run a command of `app` (not of the test suite's application, whose context is open)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def _rows(path) -> dict[str, list]:
    """Every row of every table of an SQLite file."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
            for name in tables
        }


@pytest.fixture
def file_app(tmp_path):
    """An application on an SQLite file with some data in it, beside the test database."""
    path = tmp_path / "validera.db"
    url = f"sqlite:///{path}"
    app = create_app(
        {
            **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
            "SQLALCHEMY_DATABASE_URI": url,
        }
    )
    engine = sa.create_engine(url)
    db.metadata.create_all(engine)
    tables = db.metadata.tables
    with engine.begin() as connection:
        connection.execute(tables["regions"].insert().values(id=1, name="Västernorrland"))
        connection.execute(
            tables["municipalities"]
            .insert()
            .values(
                id=1,
                name="Härnösand",
                code="2280",
                region_id=1,
                created_at=sa.func.current_timestamp(),
                updated_at=sa.func.current_timestamp(),
            )
        )
        connection.execute(
            tables["participants"]
            .insert()
            .values(
                id=1,
                municipality_id=1,
                personal_number="198504121234",
                first_name="Åsa",
                last_name="Öberg",
                gender="woman",
                foreign_background="no",
                third_country_national="no",
                has_disability="no",
                birth_year=1985,
                is_coordination_number=False,
                needs_interpreter=False,
                has_driving_licence=False,
                is_protected=False,
                version=1,
                created_at=sa.func.current_timestamp(),
                updated_at=sa.func.current_timestamp(),
            )
        )
        connection.execute(
            tables["certificate_sequences"].insert().values(year=date.today().year, last_number=7)
        )
    engine.dispose()
    return app, path


def test_backup_then_restore_gives_an_identical_database(file_app, tmp_path):
    app, path = file_app
    before = _rows(path)
    copy = tmp_path / "backup.db"
    made = _invoke(app, "backup", str(copy))
    assert made.exit_code == 0, made.output
    assert _rows(copy) == before

    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE participants SET first_name = 'Ändrad'")
        connection.execute("DELETE FROM certificate_sequences")
        connection.execute("INSERT INTO regions (id, name) VALUES (2, 'Ny region')")
    assert _rows(path) != before

    restored = _invoke(app, "restore", "--yes", str(copy))
    assert restored.exit_code == 0, restored.output
    assert _rows(path) == before
    assert before["participants"] and before["municipalities"]


def test_backup_refuses_to_overwrite_and_restore_refuses_what_is_not_a_database(file_app, tmp_path):
    app, path = file_app
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"keep me")
    refused = _invoke(app, "backup", str(existing))
    assert refused.exit_code != 0 and "exists" in refused.output
    assert existing.read_bytes() == b"keep me"
    before = _rows(path)
    bad = _invoke(app, "restore", "--yes", str(existing))
    assert bad.exit_code != 0 and "not an intact SQLite database" in bad.output
    missing = _invoke(app, "restore", "--yes", str(tmp_path / "none.db"))
    assert missing.exit_code != 0
    assert _rows(path) == before


def test_postgresql_and_memory_databases_are_refused():
    with pytest.raises(BackupRefused, match="pg_dump"):
        sqlite_path("postgresql+psycopg://postgres@127.0.0.1/validera")
    with pytest.raises(BackupRefused):
        sqlite_path("sqlite://")
