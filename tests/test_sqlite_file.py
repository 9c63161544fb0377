"""The embedded default under concurrent use: an SQLite file, written by requests and a job at once.

Each request and the export job run in threads of their own against one SQLite file, as under
`make run`: no request may fail with "database is locked" and no write may be lost.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app import create_app
from app.auth.models import User
from app.cases.models import JournalEntry
from app.cases.workflow import Stage
from app.config import TestConfig
from app.db import today
from app.extensions import db
from app.organisations.models import Municipality, Region
from app.reports import jobs
from app.reports.models import ReportExport
from app.reports.scope import Filters, Scope
from app.reports.vocab import ExportFormat, ExportKind, ExportStatus
from app.reports.work import filter_parameters, scope_parameters
from app.vocab import Role
from tests.cases.factories import make_case
from tests.conftest import PASSWORD, ValideraClient
from tests.test_migrations import vars_of

WRITERS, ENTRIES_EACH, PARTICIPANTS = 4, 12, 40


@pytest.fixture
def file_app(tmp_path, password_hash):
    """An application on its own SQLite file, with sessions of its own (not the test's)."""
    app = create_app(
        {**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'v.db'}"}
    )
    app.test_client_class = ValideraClient
    joined = db.session
    db.session = db._make_scoped_session({"expire_on_commit": False})
    try:
        with app.app_context():
            db.create_all()
            yield app, _fill(password_hash)
            db.session.remove()
            db.engine.dispose()
    finally:
        db.session = joined


def _fill(password_hash) -> dict:
    home = Municipality(name="Filkommun", code="9101", region=Region(name="Filregionen"))
    coaches = [
        User(
            email=f"coach{n}@file.example",
            name=f"Coach {n}",
            password_hash=password_hash,
            municipality=home,
            terms_accepted_at=db.func.current_timestamp(),
        )
        for n in range(WRITERS)
    ]
    for coach in coaches:
        coach.set_roles({Role.COACH})
    db.session.add_all(coaches)
    db.session.flush()
    cases = [make_case(coaches[0], stage=Stage.MAPPING) for _ in range(PARTICIPANTS)]
    for n, coach in enumerate(coaches):
        cases[n].coach = coach
    db.session.commit()
    return {"municipality_id": home.id, "coaches": coaches, "case_ids": [c.id for c in cases]}


def test_an_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(file_app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


def test_journal_writes_and_an_export_job_at_once_lose_nothing(file_app):
    app, data = file_app
    answers: list[int] = []
    errors: list[BaseException] = []
    writing = threading.Event()

    def write(n: int) -> None:
        client = app.test_client()
        client.login(data["coaches"][n].email, PASSWORD)
        writing.set()
        for i in range(ENTRIES_EACH):
            response = client.post(
                f"/cases/{data['case_ids'][n]}/journal",
                data={"kind": "meeting", "occurred_on": today().isoformat(), "text": f"{n}-{i}"},
            )
            answers.append(response.status_code)

    def export() -> None:
        writing.wait(30)
        parameters = {
            "scope": scope_parameters(Scope((data["municipality_id"],))),
            "filters": filter_parameters(Filters(today() - timedelta(days=365), today())),
            "described": [],
            "locale": "sv",
        }
        with app.app_context():
            for _ in range(3):
                job = jobs.create_export(
                    ExportKind.DASHBOARD, ExportFormat.XLSX, data["coaches"][0], parameters
                )
                db.session.commit()
                jobs.run_export(job.id)
            db.session.remove()

    def guarded(target, *args):
        def run():
            try:
                target(*args)
            except BaseException as error:
                errors.append(error)

        return threading.Thread(target=run)

    threads = [guarded(write, n) for n in range(WRITERS)] + [guarded(export)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert answers == [302] * (WRITERS * ENTRIES_EACH)
    stored = db.session.scalars(sa.select(JournalEntry.text)).all()
    assert sorted(stored) == sorted(f"{n}-{i}" for n in range(WRITERS) for i in range(ENTRIES_EACH))
    exports = db.session.scalars(sa.select(ReportExport.status)).all()
    assert exports == [ExportStatus.DONE] * 3
