"""The real worker (`flask --app app worker`) as a process of its own, against a queue in an
SQLite file or in Redis and a database the test reads: a job whose worker is killed (SIGKILL) in
the middle runs again when a worker starts, and has its effect once: one file, one mail.

The workers run on the machine's clock, as the live servers do; the rows they compare with their
clock are written here on it too (`server_now`). JOBS_STALE_SECONDS=1: a run quiet for a second
is taken to have died with its worker.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
import time_machine
from aiosmtpd.controller import Controller

from app import create_app
from app.auth.models import User
from app.config import TestConfig
from app.extensions import db
from app.mail import message, send_on_commit
from app.mail.models import OutgoingMail
from app.mail.vocab import MailStatus
from app.organisations.models import Municipality, Region
from app.queue import enqueue_on_commit, queue
from app.reports import tasks
from app.reports.jobs import create_export
from app.reports.models import ReportExport
from app.reports.vocab import ExportFormat, ExportKind, ExportStatus
from app.vocab import Role
from tests import databases
from tests.conftest import settings_of
from tests.helpers import reachable_redis
from tests.mailbox import Mailbox

ROOT = Path(__file__).resolve().parent.parent
WAIT = 180  # seconds at most for a worker to reach a step (a loaded machine starts one slowly)


def server_now() -> datetime:
    """The machine's time, which the workers keep."""
    return time_machine.escape_hatch.datetime.datetime.now(UTC)


@pytest.fixture
def database_url(tmp_path) -> str:
    """A database the workers share with the test: a file, or PostgreSQL when the suite runs
    on it (a database of this process's own beside the test database)."""
    url = os.environ.get("TEST_DATABASE_URL") or ""
    if url and sa.make_url(url).get_backend_name() == "postgresql":
        own = databases.url_of("worker")
        databases.ensure(own)
        return own
    return f"sqlite:///{tmp_path / 'validera.db'}"


@pytest.fixture
def redis_url() -> str:
    """A Redis database number of this process's own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = f"redis://127.0.0.1:6379/{12 + (int(worker[2:]) + 1 if worker else 0)}"
    reachable_redis(url).close()
    return url


@contextmanager
def shared(database_url: str, queue_url: str) -> Iterator:
    """The application as the workers see it (the same database and queue), with a session of
    its own (not the test's rolled-back transaction) and an empty schema and queue."""
    app = create_app(
        {
            **settings_of(TestConfig),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "JOBS_IMMEDIATE": False,
            "JOBS_URL": queue_url,
        }
    )
    joined = db.session
    db.session = db._make_scoped_session({"expire_on_commit": False})
    try:
        with app.app_context():
            db.drop_all()
            db.create_all()
            queue(app).flush()
            try:
                yield app
            finally:
                queue(app).flush()
                db.session.remove()
                db.drop_all()
                db.engine.dispose()
    finally:
        db.session = joined


class Workers:
    """`flask worker` processes, each with its log; stopped (SIGTERM) at the end."""

    def __init__(self, folder: Path, environment: dict[str, str]) -> None:
        self.folder, self.environment, self.running = folder, environment, []

    def start(self, app: str = "app") -> subprocess.Popen:
        log = open(self.folder / f"worker-{len(self.running) + 1}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", app, "worker", "--workers", "1"],
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.running.append((process, log))
        return process

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()[-4000:]}"
            for path in sorted(self.folder.glob("worker-*.log"))
        )

    def wait_for(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not done():
            assert time.monotonic() < deadline, f"{what} did not happen\n{self.logs()}"
            time.sleep(0.05)

    def stop(self) -> None:
        for process, log in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()


def kill(process: subprocess.Popen) -> None:
    """SIGKILL: the worker dies at once, with the job it was running."""
    process.send_signal(signal.SIGKILL)
    process.wait(10)


@pytest.fixture
def workers(tmp_path, database_url) -> Iterator[Workers]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MAIL_", "JOBS_"))},
        "DATABASE_URL": database_url,
        "VALIDERA_INSTANCE": str(tmp_path / "instance"),
        "SECRET_KEY": "worker-test-key",
        "JOBS_STALE_SECONDS": "1",
        "VALIDERA_TEST_REACHED": str(tmp_path / "reached"),
        "VALIDERA_TEST_GATE": str(tmp_path / "gate"),
    }
    running = Workers(tmp_path, environment)
    yield running
    running.stop()


def _read(model, row_id: int, *columns: str) -> SimpleNamespace:
    """The row's columns as they are now, in a transaction ended at once (not to hold SQLite's
    write lock the worker needs)."""
    row = db.session.get(model, row_id, populate_existing=True)
    values = SimpleNamespace(**{name: getattr(row, name) for name in columns})
    db.session.rollback()
    return values


def _coach() -> User:
    home = Municipality(name="Arbetarkommun", code="9201", region=Region(name="Arbetarregionen"))
    coach = User(email="coach@worker.example", name="Coach", password_hash="-", municipality=home)
    coach.set_roles({Role.COACH})
    db.session.add(coach)
    db.session.flush()
    return coach


def _export_queued() -> int:
    """A dashboard export asked for, as the route does: the job queued once it commits."""
    coach = _coach()
    parameters = {
        "scope": {"municipality_ids": [coach.municipality_id], "regional": False},
        "filters": {"date_from": "2026-01-01", "date_to": "2026-06-30"},
        "described": [],
        "locale": "sv",
    }
    job = create_export(ExportKind.DASHBOARD, ExportFormat.XLSX, coach, parameters)
    job.created_at = server_now()
    enqueue_on_commit(tasks.make_export, job.id)
    db.session.commit()
    return job.id


def test_an_export_whose_worker_is_killed_half_way_is_made_once_by_the_next_worker(
    app, tmp_path, database_url, workers
):
    workers.environment["JOBS_URL"] = f"sqlite:///{tmp_path / 'jobs.db'}"
    with shared(database_url, workers.environment["JOBS_URL"]) as shared_app:
        export_id = _export_queued()
        assert queue(shared_app).pending_count() == 1
        first = workers.start("tests.gated:create_app()")
        workers.wait_for((tmp_path / "reached").exists, "the first worker's export half way")
        half = _read(ReportExport, export_id, "status", "attempts", "progress", "content")
        assert (half.status, half.attempts, half.content) == (ExportStatus.RUNNING, 1, None)
        assert 0 < half.progress < 99
        kill(first)
        time.sleep(1.2)  # its last progress is older than JOBS_STALE_SECONDS now
        workers.start()
        workers.wait_for(
            lambda: _read(ReportExport, export_id, "status").status is ExportStatus.DONE,
            "the export by the second worker",
        )
        done = _read(ReportExport, export_id, "attempts", "progress", "file_name", "content")
        assert (done.attempts, done.progress) == (2, 100)
        assert done.file_name.endswith(".xlsx") and done.content.startswith(b"PK")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportExport)) == 1
        db.session.rollback()


class StallingMailbox(Mailbox):
    """An SMTP server that holds the first message at MAIL FROM until released (the sender is
    killed meanwhile), then refuses it; it accepts every later one."""

    def __init__(self) -> None:
        super().__init__()
        self.reached, self.release, self.stalls = threading.Event(), threading.Event(), 1

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # aiosmtpd
        if self.stalls:
            self.stalls -= 1
            self.reached.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "421 Service not available"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_whose_worker_is_killed_while_sending_reaches_the_server_once(
    app, database_url, redis_url, workers
):
    mailbox = StallingMailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    workers.environment.update(
        JOBS_URL=redis_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp.port)
    )
    try:
        with shared(database_url, redis_url) as shared_app:
            send_on_commit(message("person@worker.example", "Välkommen", "En länk"))
            mail = db.session.scalars(sa.select(OutgoingMail)).one()
            mail.created_at = mail.next_attempt_at = server_now()
            db.session.commit()
            assert queue(shared_app).pending_count() == 1  # in Redis
            first = workers.start()
            assert mailbox.reached.wait(WAIT), workers.logs()
            taken = _read(OutgoingMail, mail.id, "status", "attempts")
            assert (taken.status, taken.attempts) == (MailStatus.SENDING, 1)
            kill(first)
            mailbox.release.set()
            time.sleep(1.2)
            assert mailbox.received == []
            workers.start()
            workers.wait_for(
                lambda: _read(OutgoingMail, mail.id, "status").status is MailStatus.SENT,
                "the mail by the second worker",
            )
            sent = _read(OutgoingMail, mail.id, "attempts", "text")
            assert (sent.attempts, sent.text) == (2, None)
            assert [to for to, _ in mailbox.received] == [["person@worker.example"]]
    finally:
        smtp.stop()
