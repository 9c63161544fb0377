"""The load test with faults: `python -m benchmarks load --mode plain|kill|restart`.

Starts `gunicorn --workers 2 wsgi:app` on the database (sessions, rate limits and the cache in
Redis), plays `--users` people with Locust (`benchmarks/locustfile.py`) and, by mode:

- plain: nothing else; every request must succeed, p95 under 150 ms;
- kill: SIGKILL to one gunicorn worker every `--kill-every` seconds (the arbiter starts another);
  the requests in flight on it may fail, and the failures are counted;
- restart: PostgreSQL is stopped once halfway through the measured time, kept down
  `--outage` seconds and started again; always on a cluster the runner makes itself (initdb in a
  temporary folder, its own port), filled by the generator at `--scale`, never the machine's
  shared server. Requests meanwhile must answer 503 (not 500), and fail no more once the
  database has been back `RECOVERY_LIMIT` seconds.

Then the journal-write check (`benchmarks/loadcheck.py`: every confirmed write present once),
and the results in benchmarks/results/load-<mode>.{json,md}: requests, failures by kind,
p50/p95/p99, writes confirmed/present/doubled/lost, the recovery time, the command.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from benchmarks import faults as fault
from benchmarks.cluster import Cluster
from benchmarks.loadcheck import check

ROOT = Path(__file__).resolve().parent.parent
MODES = ("plain", "kill", "restart")
P95_LIMIT_MS = 150  # plain mode
RECOVERY_LIMIT = 10  # seconds after the database is back
KINDS = ("503", "5xx", "4xx", "connection")  # of a failed request (locustfile.kind_of)
ACCESS_FORMAT = "%(s)s %(m)s %(U)s %(M)s"  # status, method, path, milliseconds


def run_load(
    mode: str,
    args,
    *,
    generate: Callable[[str, float, bool], None],
    describe: Callable[[str], dict],
) -> dict:
    """Run the load test in `mode` with the command line's settings; the results."""
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="validera-load-")))
        cluster = None
        url = args.database_url
        if mode == "restart" or args.own_cluster:
            cluster = stack.enter_context(Cluster.started())
            url = cluster.create_database("validera")
            generate(url, args.scale, True)
        machine = describe(url)
        server = Server(folder, url, args.redis_url)
        stack.callback(server.stop)
        server.start()
        faults = fault.Faults()
        stack.callback(faults.stop.set)
        ramp = args.users / args.spawn_rate
        if mode == "kill":
            fault.kill_workers(server.process.pid, args.kill_every, faults, ramp + 5)
        elif mode == "restart":
            fault.restart_database(cluster, ramp + (args.run_time - ramp) / 2, args.outage, faults)
        stats = run_locust(folder, server.url, args)
        faults.stop.set()
        server.stop()
        writes = json.loads((folder / "writes.json").read_text())
        journal = check(url, folder / "writes.json")
        return results(mode, args, stats, server.statuses(), writes, journal, faults, machine)


class Server:
    """gunicorn with two workers on `url`, on a free port, with its access log."""

    def __init__(self, folder: Path, url: str, redis_url: str) -> None:
        from benchmarks.cluster import free_port

        self.folder, self.port = folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access = folder / "access.log"
        self.environment = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_urlsafe(32),
            "VALIDERA_INSTANCE": str(folder / "instance"),
            "SESSION_COOKIE_SECURE": "0",
            "PREFERRED_URL_SCHEME": "http",
            "SECOND_FACTOR_REQUIRED": "none",
            "SESSION_STORAGE_URI": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "CACHE_STORAGE_URI": redis_url,
            "JOBS_URL": f"sqlite:///{folder / 'jobs.db'}",
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start gunicorn and wait until it answers."""
        command = [
            sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
            "--access-logfile", str(self.access), "--access-logformat", ACCESS_FORMAT,
            "--error-logfile", str(self.folder / "gunicorn.log"), "wsgi:app",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment)  # noqa: S603
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/login", timeout=5):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log()}")

    def stop(self) -> None:
        """SIGTERM: the workers finish their requests and end."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        path = self.folder / "gunicorn.log"
        return path.read_text()[-4000:] if path.exists() else ""

    def statuses(self) -> dict[str, int]:
        """How many answers of each status the access log holds."""
        if not self.access.exists():
            return {}
        found = Counter(line.split(" ", 1)[0] for line in self.access.read_text().splitlines())
        return dict(sorted(found.items()))


def run_locust(folder: Path, host: str, args) -> list[dict]:
    """Locust headless until `--run-time`; its statistics per request (the last row: all)."""
    environment = {
        **os.environ,
        "LOAD_WRITES": str(folder / "writes.json"),
        "LOAD_RUN": secrets.token_hex(4),
        "LOAD_WAIT": args.wait,
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"),
        "--host", host, "--headless", "--users", str(args.users),
        "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.run_time}s",
        "--csv", str(folder / "locust"), "--only-summary", "--stop-timeout", "10",
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=environment, check=False)  # noqa: S603 - exit 1 on failures
    with (folder / "locust_stats.csv").open() as rows:
        return [row for row in csv.DictReader(rows) if int(row["Request Count"] or 0)]


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


def results(mode, args, stats, statuses, writes, journal, faults, machine) -> dict:
    """What the run showed, and whether it met the mode's bar."""
    total = next(row for row in stats if row["Name"] == "Aggregated")
    failed = writes.get("failed", [])
    by_kind = Counter(kind for _at, kind, _name in failed)
    lost, doubled = len(journal["lost"]), len(journal["duplicated"])
    found = {
        "mode": mode,
        "command": "python -m benchmarks " + shlex.join(sys.argv[1:]),
        "machine": machine,
        "users": args.users,
        "wait_seconds": args.wait,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        # Locust's counts start afresh once everyone is logged in; these are of the whole run.
        "failures_by_kind": {kind: by_kind.get(kind, 0) for kind in KINDS},
        "failures_whole_run": len(failed),
        "answers_by_status": statuses,
        "p50_ms": _ms(total["50%"]),
        "p95_ms": _ms(total["95%"]),
        "p99_ms": _ms(total["99%"]),
        "per_request": [
            {
                "name": f"{row['Type']} {row['Name']}",
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
            }
            for row in stats
            if row["Name"] != "Aggregated"
        ],  # fmt: skip
        "writes": {
            "confirmed": journal["confirmed"],
            "present": journal["confirmed"] - lost,
            "doubled": doubled,
            "lost": lost,
            "stored_unconfirmed": len(journal["unconfirmed_but_stored"]),
        },
        "faults": faults.as_dict(),
        "recovery_seconds": fault.recovery(failed, faults.database_up_at),
    }
    found["verdict"] = verdict(found)
    return found


def verdict(found: dict) -> list[str]:
    """The mode's bar, each line met or not."""
    writes, kinds = found["writes"], found["failures_by_kind"]
    kept = writes["lost"] == 0 and writes["doubled"] == 0
    lines = [_line(kept, "no confirmed write lost or doubled")]
    if found["mode"] == "plain":
        lines.append(_line(found["failures_whole_run"] == 0, "no failed request, logins included"))
        p95 = found["p95_ms"]
        lines.append(_line(p95 is not None and p95 < P95_LIMIT_MS, f"p95 under {P95_LIMIT_MS} ms"))
    elif found["mode"] == "restart":
        lines.append(_line(kinds["5xx"] == 0, "no 5xx but 503 while the database was down"))
        recovered = found["recovery_seconds"]
        lines.append(
            _line(
                recovered is not None and recovered <= RECOVERY_LIMIT,
                f"recovered within {RECOVERY_LIMIT} s of the database's return",
            )
        )
    return lines


def _line(met: bool, what: str) -> str:
    return f"{'met' if met else 'NOT met'}: {what}"


def write(found: dict, output: Path) -> None:
    """benchmarks/results/load-<mode>.json and .md."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.with_suffix(".json").write_text(json.dumps(found, indent=2) + "\n")
    output.with_suffix(".md").write_text(markdown(found))


def markdown(found: dict) -> str:
    """The results as the README shows them."""
    from benchmarks.machine import summary

    kinds, writes = found["failures_by_kind"], found["writes"]
    lines = [
        f"# Load test, mode {found['mode']}",
        "",
        f"`{found['command']}`",
        "",
        summary(found["machine"]),
        "",
        f"{found['users']} people, {found['wait_seconds']} s between actions.",
        "",
        "| request | requests | failures | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in found["per_request"]:
        lines.append(
            f"| {row['name']} | {row['requests']} | {row['failures']} | {_fmt(row['p50_ms'])} "
            f"| {_fmt(row['p95_ms'])} | {_fmt(row['p99_ms'])} |"
        )
    lines += [
        f"| all requests | {found['requests']} | {found['failures']} | {_fmt(found['p50_ms'])} "
        f"| {_fmt(found['p95_ms'])} | {_fmt(found['p99_ms'])} |",
        "",
        f"Failed requests over the whole run, the logins included: {found['failures_whole_run']}; "
        f"by kind: 503 {kinds['503']}, other 5xx {kinds['5xx']}, "
        f"4xx {kinds['4xx']}, no answer (connection) {kinds['connection']}. "
        f"gunicorn's answers by status: "
        + ", ".join(f"{status} × {n}" for status, n in found["answers_by_status"].items())
        + ".",
        "",
        f"Journal writes: {writes['confirmed']} confirmed, {writes['present']} present, "
        f"{writes['doubled']} doubled, {writes['lost']} lost "
        f"({writes['stored_unconfirmed']} stored whose answer never arrived).",
        "",
    ]
    if found["faults"]["kills"]:
        lines += [f"Workers killed (SIGKILL): {len(found['faults']['kills'])}.", ""]
    if found["recovery_seconds"] is not None:
        down = found["faults"]["database_up_at"] - found["faults"]["database_down_at"]
        lines += [
            f"PostgreSQL down for {down:.1f} s; the last failed request came "
            f"{found['recovery_seconds']} s after it was back.",
            "",
        ]
    lines += [*(f"- {line}" for line in found["verdict"]), ""]
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def describe_database(make_app: Callable[[str], object]) -> Callable[[str], dict]:
    """The machine and dataset, read through the application on `url`."""

    def describe(url: str) -> dict:
        from app.extensions import db
        from benchmarks.machine import describe as machine

        app = make_app(url)
        with app.app_context():
            found = machine(db)
            db.engine.dispose()
        return found

    return describe
