"""Gate: SAML 2.0 sign-in in the real browser, against a real identity provider on a local port.

The identity provider (tests/auth/saml_idp.py, pysaml2's `Server`) runs as its own process, on
the live server's clock, with Validera's metadata fetched from the live server. The demo
municipality's administrator loads the provider's metadata file through the page (a broken file
first), a coach logs in with the login page's button (the provider's page posts the signed
answer back), lands on the home page, and the administrator finds the login in the audit log
with its method, provider and assurance level. The texts in Swedish and in English; the pages
checked with axe.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import ROOT, LiveServer, log_in, new_page, start_server

pytestmark = pytest.mark.browser

LOGIN_NAME = "Härnösands e-legitimation"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"


@pytest.fixture(scope="module")
def fresh_server() -> Iterator[LiveServer]:
    """A live server of its own: this test connects a login to the demo municipality."""
    server = start_server("saml")
    yield server
    server.stop()


class Idp:
    """The identity provider's process: its address, its metadata file, who it says logs in."""

    def __init__(self, live: LiveServer):
        self.folder = tempfile.TemporaryDirectory(prefix="validera-idp-")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.auth.saml_idp",
                self.folder.name,
                live.url("/saml/metadata"),
                "coach@example.org",
            ],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError("the identity provider did not start")
        self.base = f"http://127.0.0.1:{int(line.split()[1])}"
        self.metadata_file = Path(self.folder.name) / "idp-metadata.xml"

    def says(self, email: str) -> None:
        """The next person the provider logs in."""
        with urlopen(f"{self.base}/person?email={email}", timeout=10) as answer:  # noqa: S310
            assert answer.status == 200

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.folder.cleanup()


@pytest.fixture(scope="module")
def idp(fresh_server) -> Iterator[Idp]:
    provider = Idp(fresh_server)
    yield provider
    provider.stop()


def check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"saml-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def back_home(server: LiveServer, url: str) -> bool:
    """Whether the browser is back at Validera after the provider: the home page or the terms."""
    return url == server.url("/") or url.startswith(server.url("/terms"))


def choose_language(page, language: str) -> None:
    submit(page, f"form.language-form button[value={language}]")


def test_a_coach_logs_in_through_the_municipality_s_saml_login(browser, fresh_server, idp):
    problems: list[str] = []
    admin = new_page(browser, fresh_server.base_url, axe=True)
    log_in(admin, "admin@example.org")
    admin.goto("/admin/sign-in")
    assert fresh_server.url("/saml/metadata") in admin.content()
    submit(admin, "main a[href='/admin/sign-in/new/saml']")
    check(admin, "new SAML login", problems)
    admin.locator("#name").fill(LOGIN_NAME)
    admin.locator("#match_on-0").check()  # by email address
    admin.locator("#required_loa").fill(LOA3)
    broken = Path(idp.folder.name) / "broken.xml"
    broken.write_text("<html>not metadata</html>")
    admin.locator("#metadata_file").set_input_files(str(broken))
    submit(admin, "main form[enctype] button[type=submit]")
    said = admin.locator("#metadata_file-error").inner_text()
    assert "beskriver ingen identitetsleverantör" in said
    check(admin, "new SAML login with an error", problems)
    admin.locator("#metadata_file").set_input_files(str(idp.metadata_file))
    submit(admin, "main form[enctype] button[type=submit]")
    assert admin.url.endswith("/admin/sign-in"), admin.locator("main").inner_text()
    assert LOGIN_NAME in admin.locator("main table").inner_text()

    coach = new_page(browser, fresh_server.base_url, axe=True)
    coach.goto("/login")
    # To the provider, whose page posts the answer back: home, or the terms first.
    coach.get_by_role("link", name=f"Logga in med {LOGIN_NAME}").click()
    coach.wait_for_url(lambda url: back_home(fresh_server, url))
    if "/terms" in coach.url:
        coach.locator("#accept").check()
        submit(coach, "main form button[type=submit]")
    assert coach.url == f"{fresh_server.base_url}/", coach.url
    assert coach.locator("form[action='/logout']").count() == 1
    check(coach, "home after SAML", problems)
    submit(coach, "form[action='/logout'] button")

    # In English, and refused: the provider vouches for someone Validera has no account for.
    choose_language(coach, "en")
    idp.says("nobody@example.org")
    coach.get_by_role("link", name=f"Log in with {LOGIN_NAME}").click()
    coach.wait_for_url(f"{fresh_server.base_url}/login")
    assert "You have no account in Validera" in coach.locator("main").inner_text()
    check(coach, "login page with a refusal", problems)
    choose_language(coach, "sv")
    idp.says("nobody@example.org")
    coach.get_by_role("link", name=f"Logga in med {LOGIN_NAME}").click()
    coach.wait_for_url(f"{fresh_server.base_url}/login")
    assert "Du har inget konto i Validera" in coach.locator("main").inner_text()

    admin.goto("/admin/audit?action=auth.login")
    lines = admin.locator("main table tbody").inner_text()
    assert "method: saml" in lines and f"loa: {LOA3}" in lines
    assert f"provider_name: {LOGIN_NAME}" in lines
    assert "coach@example.org" in lines
    admin.goto("/admin/audit?action=auth.sso_refused")
    assert (
        "Nekade en inloggning via en identitetsleverantör"
        in admin.locator("main table tbody").inner_text()
    )
    assert not problems, "\n".join(problems)
