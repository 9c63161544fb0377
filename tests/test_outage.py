"""The database goes away under a running Validera, and comes back (app/outage.py).

Each test starts a PostgreSQL cluster of its own (`benchmarks/cluster.py`: initdb in a
temporary folder, its own port, pg_ctl), runs the application against it, and stops and starts
that cluster; never the machine's shared server. While it is down, pages answer 503 with the
page that says so (a problem document under /api/), never 500; once it is back, the next
requests succeed without restarting the application; an export a restart cut off is made by
the real worker once the database is back, under the same run, and a mail the SMTP server took
just as the database went away is marked sent afterwards, not sent twice.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import g

from app import create_app
from app.auth.services import hash_password
from app.config import TestConfig
from app.extensions import db
from app.mail import message, send_on_commit
from app.mail.models import OutgoingMail
from app.mail.vocab import MailStatus
from app.permissions import public
from app.reports.models import ReportExport
from app.reports.vocab import ExportStatus
from app.web import seen
from benchmarks import cluster as clusters
from tests.conftest import PASSWORD, ValideraClient, settings_of
from tests.helpers import reachable_redis
from tests.mailbox import Mailbox
from tests.test_worker import Workers, _coach, _export_queued, _free_port, _read, server_now, shared

pytestmark = pytest.mark.skipif(clusters.why_not() is not None, reason=str(clusters.why_not()))

UNAVAILABLE_SV = "Validera är inte tillgängligt just nu"
UNAVAILABLE_EN = "Validera is unavailable just now"


@pytest.fixture
def cluster() -> Iterator[clusters.Cluster]:
    """A PostgreSQL cluster of this test's own, started; removed at the end."""
    with clusters.Cluster.started(durable=False) as own:
        own.create_database("validera")
        yield own


def _app(url: str, **settings):
    """Validera on `url`, answering errors as in production (not raising them into the test)."""
    app = create_app(
        {
            **settings_of(TestConfig),
            "SQLALCHEMY_DATABASE_URI": url,
            "PROPAGATE_EXCEPTIONS": False,
            **settings,
        }
    )
    app.test_client_class = ValideraClient
    return app


@pytest.fixture(params=["database", "redis"])
def site(request, cluster, tmp_path) -> Iterator:
    """The application on the cluster, with a coach logged in; sessions in the database or in
    Redis."""
    settings = {"JOBS_URL": f"sqlite:///{tmp_path / 'jobs.db'}", "JOBS_IMMEDIATE": False}
    if request.param == "redis":
        url = "redis://127.0.0.1:6379/11"
        reachable_redis(url).close()
        settings["SESSION_STORAGE_URI"] = url
    app = _app(cluster.url("validera"), **settings)
    _add_page_that_loses_the_database(app, cluster)
    joined = db.session
    db.session = db._make_scoped_session({"expire_on_commit": False})
    try:
        with app.app_context():
            db.create_all()
            coach = _coach()
            coach.password_hash = hash_password(PASSWORD)
            coach.terms_accepted_at = sa.func.now()
            db.session.commit()
            client = app.test_client()
            assert client.login(coach.email).status_code == 302
            yield client
            db.session.remove()
            db.engine.dispose()
    finally:
        db.session = joined


def _add_page_that_loses_the_database(app, cluster) -> None:
    """A page that reads, logs the read, and loses the database before the read's line is
    written after the view (`write_reads`)."""

    @public
    def losing():
        db.session.execute(sa.text("SELECT 1"))
        seen("outage.test")
        g.cluster_stopped = True
        cluster.stop()
        return "shown"

    app.add_url_rule("/outage-test", "outage_test", losing)


def _unavailable(answer, words: str = UNAVAILABLE_SV) -> None:
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "10"
    assert answer.mimetype == "text/html"
    assert words in answer.get_data(as_text=True)


def test_pages_answer_503_while_the_database_is_down_and_recover_by_themselves(site, cluster):
    client = site
    assert client.get("/cases/").status_code == 200
    cluster.stop()

    _unavailable(client.get("/cases/"))
    _unavailable(client.get("/cases/?lang=en"), UNAVAILABLE_EN)
    _unavailable(client.post("/logout"))
    someone = client.application.test_client()
    _unavailable(someone.post("/login", data={"email": "coach@worker.example", "password": "x"}))
    api = client.get("/api/v1/frameworks", headers={"Authorization": "Bearer not-a-token"})
    assert api.status_code == 503
    assert api.mimetype == "application/problem+json"
    assert api.headers["Retry-After"] == "10"
    assert api.get_json()["status"] == 503

    cluster.start()
    assert client.get("/cases/").status_code == 200  # no restart of the application
    assert client.get("/").status_code == 200


def test_a_request_costs_no_round_trip_to_test_its_connection(site, monkeypatch):
    statements: list[str] = []
    execute = psycopg.Cursor.execute

    def counted(cursor, query, *args, **kwargs):
        statements.append(str(query).strip())
        return execute(cursor, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", counted)
    for _ in range(3):
        assert site.get("/cases/").status_code == 200
    assert statements and ";" not in statements  # SQLAlchemy's ping on PostgreSQL


def test_a_restart_between_two_requests_costs_at_most_one_503(site, cluster):
    client = site
    assert client.get("/cases/").status_code == 200
    cluster.restart()  # the pool still holds the connection the server has closed
    first = client.get("/cases/")
    assert first.status_code in (200, 503)  # never 500
    assert client.get("/cases/").status_code == 200


def test_the_read_logged_after_the_page_fails_with_503_when_the_database_is_gone(site, cluster):
    answer = site.get("/outage-test")
    _unavailable(answer)
    cluster.start()
    assert site.get("/cases/").status_code == 200


@pytest.fixture
def workers(cluster, tmp_path) -> Iterator[Workers]:
    """Real workers on the cluster, trying again a second after an outage stopped a job."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MAIL_", "JOBS_"))},
        "DATABASE_URL": cluster.url("validera"),
        "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.db'}",
        "JOBS_OUTAGE_RETRY_SECONDS": "1",
        "VALIDERA_INSTANCE": str(tmp_path / "instance"),
        "SECRET_KEY": "outage-test-key",
        "VALIDERA_TEST_REACHED": str(tmp_path / "reached"),
        "VALIDERA_TEST_GATE": str(tmp_path / "gate"),
    }
    running = Workers(tmp_path, environment)
    yield running
    running.stop()


def _down_a_while(cluster, workers: Workers) -> None:
    """Once the worker has noticed the database gone, and tried a little longer, start it."""
    workers.wait_for(lambda: "the database is unavailable" in workers.logs(), "the worker's notice")
    time.sleep(1.5)  # a try or two more while it is still down
    cluster.start()


def test_an_export_a_restart_cuts_off_is_made_by_the_worker_once_it_is_back(
    app, cluster, tmp_path, workers
):
    with shared(cluster.url("validera"), workers.environment["JOBS_URL"]):
        export_id = _export_queued()
        workers.start("tests.gated:create_app()")
        workers.wait_for((tmp_path / "reached").exists, "the export half way")
        db.session.remove()
        db.engine.dispose()
        cluster.stop()  # the export's next step finds the database gone
        (tmp_path / "gate").touch()
        _down_a_while(cluster, workers)
        workers.wait_for(
            lambda: _read(ReportExport, export_id, "status").status is ExportStatus.DONE,
            "the export after the restart",
        )
        done = _read(ReportExport, export_id, "attempts", "progress", "file_name", "error")
        assert (done.attempts, done.progress, done.error) == (1, 100, None)  # the same run
        assert done.file_name.endswith(".xlsx")


class MailboxThatLosesTheDatabase(Mailbox):
    """An SMTP server that stops the cluster just before it accepts the first message: the
    worker's "sent" then finds the database gone."""

    def __init__(self, cluster) -> None:
        super().__init__()
        self.cluster, self.stopped = cluster, threading.Event()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd
        if not self.stopped.is_set():
            self.cluster.stop()
            self.stopped.set()
        return await super().handle_DATA(server, session, envelope)


def test_a_mail_sent_as_the_database_went_away_is_marked_sent_once_it_is_back(
    app, cluster, workers
):
    mailbox = MailboxThatLosesTheDatabase(cluster)
    smtp = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    workers.environment.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp.port))
    try:
        with shared(cluster.url("validera"), workers.environment["JOBS_URL"]):
            send_on_commit(message("person@outage.example", "Kallelse", "Välkommen"))
            mail = db.session.scalars(sa.select(OutgoingMail)).one()
            mail.created_at = mail.next_attempt_at = server_now()
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
            workers.start()
            assert mailbox.stopped.wait(60), workers.logs()
            _down_a_while(cluster, workers)
            workers.wait_for(
                lambda: _read(OutgoingMail, mail.id, "status").status is MailStatus.SENT,
                "the mail marked sent",
            )
            sent = _read(OutgoingMail, mail.id, "attempts", "text")
            assert (sent.attempts, sent.text) == (1, None)
            assert [to for to, _ in mailbox.received] == [["person@outage.example"]]  # once
    finally:
        smtp.stop()
