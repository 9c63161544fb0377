"""Load test: coaches, assessors and employers using Validera at once.

    python -m benchmarks load --mode plain      # starts gunicorn and runs this file; see there

or by hand, against a running server:

    locust -f benchmarks/locustfile.py --host http://127.0.0.1:8811 --headless \
        --users 500 --spawn-rate 2 --run-time 12m --csv /tmp/load

Each simulated person logs in with one of the generated accounts (200 coaches, 50 assessors,
200 employers' contacts: past that, two people share an account). Once all of them are logged
in the statistics start afresh, so the numbers are of people working rather than of hundreds
of password checks at once; `--run-time` is the time the logins take plus the measured
minutes. Each person waits LOAD_WAIT seconds between actions (default 30-90: reading the page,
typing, talking to a participant). Coaches read their caseload and cases and write journal
entries, assessors read their assessments, employers read their competence needs and
candidates. Every journal entry carries a unique marker; the markers of the entries the server
confirmed go to LOAD_WRITES (default `benchmarks/results/load-writes.json`), and
`python -m benchmarks.loadcheck` compares them with the database: none may be missing, none
may be there twice. The same file lists every failed request with its time and kind (503,
other 5xx, 4xx, or a connection that failed), which the load runner (`benchmarks/load.py`)
sets against the faults it caused.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
import uuid
from datetime import date
from pathlib import Path

from locust import HttpUser, between, events, task

PASSWORD = "validera-demo"  # noqa: S105 - the generated accounts' documented password
CODES = ["2260", "2262", "2280", "2281", "2282", "2283", "2284", "2309", "2321", "2380"]
RUN = os.environ.get("LOAD_RUN", uuid.uuid4().hex[:8])
WRITES = Path(os.environ.get("LOAD_WRITES", "benchmarks/results/load-writes.json"))
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)"')
ASSESSMENT_LINK = re.compile(r'href="/assessments/(\d+)"')
NEED_LINK = re.compile(r'href="/employers/needs/(\d+)"')
WAIT = tuple(float(s) for s in os.environ.get("LOAD_WAIT", "30-90").split("-"))

confirmed: list[str] = []
failed: list[tuple[float, str, str]] = []  # (time, kind, request name)
_people = itertools.count(1)
_coaches = itertools.count()
_assessors = itertools.count()
_employers = itertools.count()
_logged_in = itertools.count(1)


def _measure_from_now(environment) -> None:
    """Every person is logged in: the statistics start afresh."""
    environment.stats.reset_all()


def _account(kind: str, counter, per_town: int) -> str:
    n = next(counter)
    return f"{kind}{n // len(CODES) % per_town + 1}.{CODES[n % len(CODES)]}@bench.example.org"


class Person(HttpUser):
    """Logs in once, keeps its session cookie, and fails loudly on any 5xx."""

    abstract = True
    wait_time = between(*WAIT)  # reading the page before the next action
    email = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.number = next(_people)  # two people may share an account; never a marker

    def token(self, url: str, name: str | None = None) -> str:
        page = self.client.get(url, name=name)
        match = CSRF.search(page.text)
        return match.group(1) if match else ""

    def on_start(self) -> None:
        token = self.token("/login")
        self.client.post(
            "/login", data={"email": self.email, "password": PASSWORD, "csrf_token": token}
        )
        home = self.client.get("/", allow_redirects=False, name="/")
        if home.status_code == 302 and "/terms" in home.headers.get("Location", ""):
            token = self.token("/terms")
            self.client.post("/terms", data={"accept": "y", "csrf_token": token})
        if next(_logged_in) == self.environment.runner.target_user_count:
            _measure_from_now(self.environment)


class Coach(Person):
    """Reads the caseload and cases, writes journal entries."""

    weight = 3

    def on_start(self) -> None:
        self.email = _account("coach", _coaches, 20)
        super().on_start()
        self.cases = [int(i) for i in CASE_LINK.findall(self.client.get("/cases/").text)]
        self.written = 0

    @task(2)
    def caseload(self) -> None:
        page = random.choice(["/cases/", "/cases/?who=all&page=2", "/cases/?who=all&q=an"])
        self.client.get(page, name="/cases/ (caseload)")

    @task(2)
    def case(self) -> None:
        if self.cases:
            self.client.get(f"/cases/{random.choice(self.cases)}", name="/cases/[id]")

    @task(2)
    def write_journal(self) -> None:
        if not self.cases:
            return
        case = random.choice(self.cases)
        token = self.token(f"/cases/{case}/journal", "/cases/[id]/journal")
        self.written += 1
        marker = f"load-{RUN}-{self.number}-{self.written}"
        answer = self.client.post(
            f"/cases/{case}/journal",
            data={
                "kind": "note",
                "occurred_on": date.today().isoformat(),
                "text": f"Belastningstest {marker}",
                "csrf_token": token,
            },
            name="/cases/[id]/journal (write)",
            allow_redirects=False,
        )
        if answer.status_code == 302:
            confirmed.append(marker)


class Assessor(Person):
    """Reads the assessments list and single assessments."""

    weight = 1

    def on_start(self) -> None:
        self.email = _account("assessor", _assessors, 5)
        super().on_start()
        page = self.client.get("/assessments/").text
        self.assessments = [int(i) for i in ASSESSMENT_LINK.findall(page)]

    @task
    def assessments(self) -> None:
        self.client.get("/assessments/", name="/assessments/")

    @task(2)
    def assessment(self) -> None:
        if self.assessments:
            chosen = random.choice(self.assessments)
            self.client.get(f"/assessments/{chosen}", name="/assessments/[id]")


class Employer(Person):
    """Reads the organisation's competence needs and the candidates for them."""

    weight = 1

    def on_start(self) -> None:
        self.email = f"employer{next(_employers) % 200 + 1}@bench.example.org"
        super().on_start()
        self.needs = [int(i) for i in NEED_LINK.findall(self.client.get("/employers/").text)]

    @task
    def needs(self) -> None:
        self.client.get("/employers/", name="/employers/")

    @task(2)
    def candidates(self) -> None:
        if self.needs:
            need = random.choice(self.needs)
            self.client.get(f"/employers/needs/{need}/candidates", name="/employers/needs/[id]/c")


def kind_of(status: int) -> str:
    """A failed request's kind: no answer at all, 503 (the database away), another 5xx, 4xx."""
    if not status:
        return "connection"
    if status == 503:
        return "503"
    return "5xx" if status >= 500 else "4xx"


@events.request.add_listener
def _note_failure(name, response, exception, **kwargs) -> None:
    if exception is not None:
        status = getattr(response, "status_code", 0) or 0
        failed.append((time.time(), kind_of(status), name))


@events.quitting.add_listener
def _save_writes(environment, **kwargs) -> None:
    WRITES.parent.mkdir(parents=True, exist_ok=True)
    record = {"run": RUN, "confirmed": confirmed, "failed": failed}
    WRITES.write_text(json.dumps(record, indent=0) + "\n")
