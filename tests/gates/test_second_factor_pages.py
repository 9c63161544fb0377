"""Gate: the second factor in the browser, its pages checked with axe in each state.

The access table's pages are visited by test_accessibility as each role, but only in the state a
demo account is in (no authenticator app). Here: the code step after the password (the demo
account with an app, as the README describes), the enrolment page with its QR code, the page of
an account whose app is on, and the recovery codes, each also with its form's errors. Codes come
from pyotp on the live server's clock (the machine's, or faketime's).
"""

from __future__ import annotations

import re

import pyotp
import pytest
import time_machine

from app.demo.second_factor import EMAIL, SECRET
from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import new_page
from tests.gates.demo import PASSWORD

pytestmark = pytest.mark.browser


def server_code(secret: str) -> str:
    """The code an authenticator app shows now, on the live server's clock."""
    return pyotp.TOTP(secret).at(time_machine.escape_hatch.time.time())


def check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"second-factor-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def test_signing_in_with_a_code_and_the_pages_of_an_app_that_is_on(browser, live_server):
    page = new_page(browser, live_server.base_url, axe=True)
    problems: list[str] = []
    page.goto("/login")
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill(PASSWORD)
    submit(page, "main form button[type=submit]")
    assert page.url.endswith("/login/code")
    check(page, "code step", problems)
    page.locator("#code").fill("000000")
    submit(page, "main form button[type=submit]")
    assert page.locator("#code[aria-invalid=true]").count() == 1
    check(page, "code step with an error", problems)
    code = server_code(SECRET)
    page.locator("#code").fill(f"{code[:3]} {code[3:]}")  # typed with a space, as people do
    submit(page, "main form button[type=submit]")
    if "/terms" in page.url:
        page.locator("#accept").check()
        submit(page, "main form button[type=submit]")
    assert "/login" not in page.url, "the demo account with an app did not get in"

    page.goto("/account/two-factor")
    check(page, "app on", problems)
    page.locator("#codes-password").fill("wrong")
    submit(page, "#codes-password >> xpath=ancestor::form//button")
    check(page, "app on, with an error", problems)
    page.locator("#codes-password").fill(PASSWORD)
    submit(page, "#codes-password >> xpath=ancestor::form//button")
    assert page.locator(".recovery-codes li").count() == 10
    check(page, "recovery codes", problems)
    assert not problems, "\n".join(problems)


def test_enrolling_an_app_in_the_browser(browser, live_server):
    page = new_page(browser, live_server.base_url, axe=True)
    problems: list[str] = []
    page.goto("/login")
    page.locator("#email").fill("coach2@example.org")
    page.locator("#password").fill(PASSWORD)
    submit(page, "main form button[type=submit]")
    if "/terms" in page.url:
        page.locator("#accept").check()
        submit(page, "main form button[type=submit]")
    page.goto("/account/password")
    submit(page, "main a[href='/account/two-factor']")  # from the password page
    submit(page, "main form[action='/account/two-factor/start'] button")
    assert page.locator("img.qr-code").count() == 1
    check(page, "enrolment", problems)
    page.locator("#code").fill("12 ab")
    submit(page, "main form[action='/account/two-factor/confirm'] button")
    assert page.locator("#code[aria-invalid=true]").count() == 1
    check(page, "enrolment with an error", problems)
    secret = re.sub(r"\s", "", page.locator("code.secret").inner_text())
    page.locator("#code").fill(server_code(secret))
    submit(page, "main form[action='/account/two-factor/confirm'] button")
    assert page.locator(".recovery-codes li").count() == 10
    # Leave the demo account as it was: remove the app again.
    page.goto("/account/two-factor")
    page.locator("#remove-password").fill(PASSWORD)
    submit(page, "#remove-password >> xpath=ancestor::form//button")
    assert page.locator("main form[action='/account/two-factor/start']").count() == 1
    assert not problems, "\n".join(problems)
