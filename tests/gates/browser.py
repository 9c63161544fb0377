"""The real browser: Debian's Chromium driven by Playwright, against a live Validera.

Without Chromium the browser tests are skipped with a message, except in CI (`CI=true`), where
they fail. Nothing is ever downloaded: Playwright is pointed at /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from unittest import mock

import pytest

from tests.clock import without_faketime
from tests.databases import worker_suffix
from tests.gates.demo import PASSWORD, ROLE_ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright gives every launch a new, empty profile directory (--user-data-dir) of its own.
TIMEOUT_MS = 15_000

_open_pages: list = []  # the pages of the running test, photographed if it fails


def chromium_executable(path: str = CHROMIUM) -> str:
    """The Chromium to drive; skips the test without one, or fails it in CI."""
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    message = (
        f"Chromium is not installed at {path}: the browser tests need the Debian package "
        "'chromium' (tools/ensure-test-packages.sh installs it)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; in CI they must run", pytrace=False)
    pytest.skip(message)


def track(page):
    """Keep `page` for the failure report of the running test."""
    _open_pages.append(page)
    return page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failing test, keep a screenshot and the HTML of each of its pages in test-results/."""
    report = yield
    if call.when == "setup":
        _open_pages.clear()
    if report.failed and call.when == "call" and _open_pages:
        folder = RESULTS / re.sub(r"[^\w.-]+", "_", item.nodeid)
        folder.mkdir(parents=True, exist_ok=True)
        for n, page in enumerate(_open_pages, start=1):
            try:
                page.screenshot(path=str(folder / f"page{n}.png"), full_page=True)
                (folder / f"page{n}.html").write_text(page.content())
            except Exception as exc:
                (folder / f"page{n}.error.txt").write_text(repr(exc))
        report.sections.append(("failure artefacts", f"screenshots and HTML in {folder}"))
    return report


@dataclass
class LiveServer:
    """A Validera process serving a fresh database on a localhost port."""

    base_url: str
    pages: list[dict]
    process: subprocess.Popen
    log: Path
    folder: tempfile.TemporaryDirectory = field(repr=False)

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def mail_folder(self) -> Path:
        """Where the live server writes its mail: it has no MAIL_SERVER, so Flask-Mailman's file
        backend writes each message to a file in instance/mail (app/mail.py)."""
        return Path(self.folder.name) / "instance" / "mail"

    def mail_to(self, address: str, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
        """The messages written for `address`, oldest first, once there are at least `count`
        (they go after the response that asked for them has been sent)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in written_mail(self.mail_folder) if address in m["To"]]
            if len(found) >= count or time.monotonic() > deadline:
                written = [m["To"] for m in written_mail(self.mail_folder)]
                assert len(found) >= count, (
                    f"{len(found)} messages to {address}, not {count} (written to: {written})"
                )
                return found
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.folder.cleanup()


MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in a file of the file backend


def written_mail(folder: Path) -> list[EmailMessage]:
    """Every whole message in the file backend's files, in the order they were written."""
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: (p.stat().st_mtime_ns, p.name)):
        for part in path.read_bytes().split(MAIL_SEPARATOR)[:-1]:  # the last one is unfinished
            messages.append(message_from_bytes(part, policy=policy.default))
    return messages


def start_server(name: str) -> LiveServer:
    """Start `tests.gates.serve` on a fresh SQLite file and wait until it listens."""
    folder = tempfile.TemporaryDirectory(prefix="validera-live-")
    base = Path(folder.name)
    RESULTS.mkdir(exist_ok=True)
    log = RESULTS / f"live-server-{name}{worker_suffix()}.log"  # one per xdist worker
    env = {**os.environ, "VALIDERA_INSTANCE": str(base / "instance"), "SESSION_COOKIE_SECURE": "0"}
    env.pop("DATABASE_URL", None)
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.gates.serve",
                str(base / "live.db"),
                str(base / "urls.json"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
        )
    line = process.stdout.readline()
    if not line.startswith("READY "):
        process.kill()
        folder.cleanup()
        raise RuntimeError(f"the live server did not start; see {log}:\n{log.read_text()[-3000:]}")
    port = int(line.split()[1])
    pages = json.loads((base / "urls.json").read_text())
    return LiveServer(f"http://127.0.0.1:{port}", pages, process, log, folder)


@pytest.fixture(scope="session")
def live_server():
    """One live server for the accessibility and keyboard gates."""
    server = start_server("session")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session."""
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    # The browser is only the client: under a moved clock (faketime) its driver and Chromium keep
    # the real one, as they spin and fail under libfaketime; the session cookie has no expiry.
    with mock.patch.dict(os.environ, without_faketime(dict(os.environ)), clear=True):
        playwright = sync_playwright().start()  # the driver starts with this environment
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


def new_page(browser, base_url: str, axe: bool = False):
    """A page in a new context (its own cookies), tracked for the failure report."""
    from axe_playwright_python.base import AXE_SCRIPT

    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    if axe:  # axe-core ready in every page, for a11y.audit (it slows every page down)
        context.add_init_script(script=AXE_SCRIPT)
    return track(context.new_page())


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form; accept the terms when they are asked for."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/terms" in page.url:
        page.locator("#accept").check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    assert "/login" not in page.url and "/terms" not in page.url, f"{email} is not logged in"


@pytest.fixture(scope="session")
def role_page(browser, live_server):
    """A page logged in as a role's demo account, reused across the session (None: anonymous)."""
    pages = {}

    def get(role: str | None):
        key = role or "anonymous"
        if key not in pages:
            page = new_page(browser, live_server.base_url, axe=True)
            if role is not None:
                log_in(page, ROLE_ACCOUNTS[role])
            pages[key] = page
        return track(pages[key])

    return get
