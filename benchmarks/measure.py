"""Server time and SQL queries of the pages that matter, next to the framework's floor.

Each page is requested in-process through the Flask test client (no network, no browser): a
few warm-up requests, then `iterations` timed ones. The floor is a bare view on the same
application instance, behind the same middleware, session, login and access checks, that runs
one trivial query; it is registered on the benchmark's own instance only.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from benchmarks import machine
from benchmarks.chart import svg_chart

PAGE_TARGET_MS = 100
# A page's p95 within this many times the floor's p95 timed just before it, unless the page
# says otherwise (benchmarks/pages.py gives each page the ratio its kind is held to).
FLOOR_RATIO = 5
WARM_UP = 5
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Page:
    """One measured request: who asks for what, and the targets it must meet: its p95 under
    `target_ms`, within `floor_ratio` times the floor's p95 (None: no ratio is set), and at
    most `max_statements` SQL statements (None: no number is set)."""

    name: str
    user: str | None  # demo account email, None for anonymous
    url: str
    target_ms: float = PAGE_TARGET_MS
    method: str = "GET"
    data: dict | None = None
    expect: int = 200
    missing: str | None = None  # why the page cannot be measured yet
    floor_ratio: float | None = FLOOR_RATIO
    max_statements: int | None = None


@dataclass
class Result:
    """What one page measured."""

    name: str
    url: str
    p50_ms: float | None
    p95_ms: float | None
    queries: int | None
    floor_ratio: float | None
    target_ms: float
    meets_target: bool | None  # every target the page has
    note: str = ""
    floor_p95_ms: float | None = None  # the floor timed right before this page
    under_target: bool | None = None  # p95 under the page's own target (ms)
    within_floor: bool | None = None  # p95 within `ratio_target` times the floor's p95
    ratio_target: float | None = None  # the page's own ratio to the floor (None: none set)
    max_statements: int | None = None  # the page's most SQL statements (None: none set)
    within_statements: bool | None = None  # `queries` at most `max_statements`
    samples: list[float] = field(default_factory=list, repr=False)


class QueryCounter:
    """Counts the SQL statements sent to the database (`before_cursor_execute`)."""

    def __init__(self, engine: sa.Engine):
        self.statements: list[str] = []
        self.engine = engine
        sa.event.listen(engine, "before_cursor_execute", self._on_execute)

    @property
    def count(self) -> int:
        """Statements sent since the last reset."""
        return len(self.statements)

    def reset(self) -> None:
        """Start counting from zero."""
        self.statements = []

    def _on_execute(self, conn, cursor, statement, *args) -> None:
        self.statements.append(statement)

    def close(self) -> None:
        """Stop counting."""
        sa.event.remove(self.engine, "before_cursor_execute", self._on_execute)


def add_floor(app: Flask) -> None:
    """The framework's floor: a public view that runs one trivial query."""
    from app.extensions import db
    from app.permissions import public

    @public
    def bench_floor():
        db.session.execute(sa.select(sa.literal(1))).scalar()
        return "ok"

    app.add_url_rule("/bench-floor", "bench_floor", bench_floor)


def _token(client, url: str) -> str:
    match = CSRF.search(client.get(url).get_data(as_text=True))
    return match.group(1) if match else ""


def login(app: Flask, email: str, password: str):
    """A test client logged in as `email`, the terms of use accepted when asked."""
    client = app.test_client()
    token = _token(client, "/login")
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    if answer.status_code != 302:
        raise RuntimeError(f"login as {email} failed ({answer.status_code})")
    page = client.get("/")
    if page.status_code == 302 and "/terms" in page.location:
        token = _token(client, "/terms")
        client.post("/terms", data={"accept": "y", "csrf_token": token})
    return client


def _sender(app: Flask, client_for: Callable, page: Page) -> Callable:
    """A function sending the page's request once; a POST by nobody (the login) starts a new
    client each time and fetches its form's token before the clock starts."""
    if page.method == "GET":
        client = client_for(page.user)
        return lambda: lambda: client.get(page.url)
    if page.user is None:

        def fresh():
            client = app.test_client()
            data = {**(page.data or {}), "csrf_token": _token(client, page.url)}
            return lambda: client.post(page.url, data=data)

        return fresh
    client = client_for(page.user)
    data = {**(page.data or {}), "csrf_token": _token(client, page.url)}
    return lambda: lambda: client.post(page.url, data=data)


def time_page(app, client_for: Callable, page: Page, counter: QueryCounter, n: int) -> Result:
    """Warm up, count the queries of one request, then time `n` requests."""
    prepare = _sender(app, client_for, page)
    for _ in range(WARM_UP):
        answer = prepare()()
        if answer.status_code != page.expect:
            raise RuntimeError(f"{page.name}: {page.url} answered {answer.status_code}")
    send = prepare()
    counter.reset()
    send()
    queries = counter.count
    samples = []
    for _ in range(n):
        send = prepare()
        started = time.perf_counter()
        send()
        samples.append((time.perf_counter() - started) * 1000)
    return _result(page, samples, queries)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def _result(page: Page, samples: list[float], queries: int | None) -> Result:
    return Result(
        name=page.name,
        url=page.url,
        p50_ms=round(statistics.median(samples), 2),
        p95_ms=round(_p95(samples), 2),
        queries=queries,
        floor_ratio=None,
        target_ms=page.target_ms,
        meets_target=None,
        ratio_target=page.floor_ratio,
        max_statements=page.max_statements,
        samples=samples,
    )


def time_render(app, certificate_id: int, n: int) -> Result:
    """Rendering one certificate's PDF (what issuing does per language), in-process."""
    from app.certificates import pdf
    from app.certificates.models import Certificate
    from app.certificates.services import verify_url
    from app.certificates.wording import statement
    from app.extensions import db

    page = Page(
        "certificate PDF rendering", None, "(in-process render)", target_ms=20, floor_ratio=None
    )
    with app.test_request_context("/"):
        certificate = db.session.get(Certificate, certificate_id)
        url = verify_url(certificate)
        for _ in range(WARM_UP):
            pdf.render(statement(certificate, "sv", url))
        samples = []
        for _ in range(n):
            started = time.perf_counter()
            pdf.render(statement(certificate, "sv", url))
            samples.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return _result(page, samples, None)


def measure(app: Flask, iterations: int, output: str, only: str | None = None) -> list[Result]:
    """Measure every page, write `<output>.json/.md/.svg` and print the table.

    `only` measures just the pages whose name contains it (for work on one page); the PDF
    rendering is then timed only if "rendering" is in the name asked for.
    """
    from app.extensions import db
    from benchmarks.pages import pages, render_target

    add_floor(app)
    with app.app_context():
        counter = QueryCounter(db.engine)
        targets = [p for p in pages() if not only or only in p.name]
        info = machine.describe(db)
    clients: dict = {}

    def client_for(email):
        if email not in clients:
            clients[email] = login(app, email, "validera-demo") if email else app.test_client()
        return clients[email]

    floor_page = Page("floor", None, "/bench-floor")
    floor_samples: list[float] = []
    results = []
    for page in targets:
        if page.missing:
            results.append(_missing(page))
            continue
        print(f"  {page.name} …", flush=True)
        # The floor is timed right before each page, so that both meet the same machine load.
        floor = time_page(app, client_for, floor_page, counter, iterations)
        floor_samples += floor.samples
        n = max(10, iterations // 5) if page.method == "POST" else iterations
        results.append(_judge(time_page(app, client_for, page, counter, n), floor))
    if not only or only in "certificate PDF rendering":
        certificate_id = render_target(app)
        floor = time_page(app, client_for, floor_page, counter, iterations)
        floor_samples += floor.samples
        results.append(_judge(time_render(app, certificate_id, iterations), floor))
    overall = _result(floor_page, floor_samples, 1)
    _write(output, info, overall, results, iterations)
    return results


def _missing(page: Page) -> Result:
    return Result(
        page.name,
        page.url,
        None,
        None,
        None,
        None,
        page.target_ms,
        None,
        page.missing,
        ratio_target=page.floor_ratio,
        max_statements=page.max_statements,
    )


def _judge(result: Result, floor: Result) -> Result:
    """The page's p95 against its own targets: its time, its ratio to the floor's p95 timed
    just before it, and its number of statements, each where the page has one."""
    result.floor_p95_ms = floor.p95_ms
    result.floor_ratio = round(result.p95_ms / floor.p95_ms, 1)
    if result.ratio_target is not None:
        result.within_floor = result.floor_ratio <= result.ratio_target
    if result.max_statements is not None and result.queries is not None:
        result.within_statements = result.queries <= result.max_statements
    result.under_target = result.p95_ms <= result.target_ms
    held = (result.under_target, result.within_floor, result.within_statements)
    result.meets_target = all(h is not False for h in held)
    return result


def _cell(value, suffix="") -> str:
    return "–" if value is None else f"{value}{suffix}"


def _targets(r: Result) -> str:
    """The page's targets in words: "≤ 5× floor, ≤ 12 statements, ≤ 100 ms"."""
    said = [f"≤ {r.ratio_target:g}× floor"] if r.ratio_target is not None else []
    if r.max_statements is not None:
        said.append(f"≤ {r.max_statements} statements")
    return ", ".join([*said, f"≤ {r.target_ms:g} ms"])


def _held(held: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "–"}[held]


def table(floor: Result, results: list[Result]) -> str:
    """The results as a Markdown table: each page with its own targets and whether they hold
    (ratio to the floor, statements, time)."""
    lines = [
        "| page | p50 ms | p95 ms | queries | floor p95 ms | p95 ÷ floor | targets "
        "| ratio holds | statements hold | time holds | all hold |",
        "|---|---:|---:|---:|---:|---:|---|:-:|:-:|:-:|:-:|",
        f"| floor: bare view, one query (all runs) | {floor.p50_ms} | {floor.p95_ms} "
        f"| {floor.queries} | | 1.0 | | | | | |",
    ]
    for r in results:
        if r.p95_ms is None:
            lines.append(f"| {r.name} | – | – | – | – | – | {_targets(r)} | {r.note} | | | |")
            continue
        lines.append(
            f"| {r.name} | {_cell(r.p50_ms)} | {_cell(r.p95_ms)} | {_cell(r.queries)} "
            f"| {_cell(r.floor_p95_ms)} | {_cell(r.floor_ratio, '×')} | {_targets(r)} "
            f"| {_held(r.within_floor)} | {_held(r.within_statements)} "
            f"| {_held(r.under_target)} | {_held(r.meets_target)} |"
        )
    return "\n".join(lines)


def _write(output: str, info: dict, floor: Result, results: list[Result], n: int) -> None:
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = table(floor, results)
    runs = (
        f"{n} timed requests per page after {WARM_UP} warm-ups (logins: {max(10, n // 5)}); "
        "the floor is timed just before each page and the ratio uses that floor's p95."
    )
    header = f"{machine.summary(info)}\n\n{runs}\n\n"
    path.with_suffix(".md").write_text(header + text + "\n")
    data = {
        "machine": info,
        "iterations": n,
        "floor": _plain(floor),
        "pages": [_plain(r) for r in results],
    }
    path.with_suffix(".json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    path.with_suffix(".svg").write_text(svg_chart(floor, results))
    print(header + text)


def _plain(result: Result) -> dict:
    data = asdict(result)
    data.pop("samples")
    return data
