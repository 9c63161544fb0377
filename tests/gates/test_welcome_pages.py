"""Gate: a new account's welcome link in the browser, its pages checked with axe.

The access table's pages are visited by test_accessibility in the state the demo data is in;
here: the new-account form, the account's page with its "Send a new welcome link", the page
the welcome link opens ("Choose your password"), with its form's errors, and the first login.
The live server writes its mail to files (it has no SMTP server), where the link is read.
"""

from __future__ import annotations

import pytest

from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import log_in, new_page
from tests.mailbox import link_in

pytestmark = pytest.mark.browser

EMAIL = "welcome.pages@example.org"
PASSWORD = "chosen on the welcome page"


def check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"welcome-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def test_a_new_account_and_its_welcome_link_in_the_browser(browser, live_server):
    admin = new_page(browser, live_server.base_url, axe=True)
    problems: list[str] = []
    log_in(admin, "admin@example.org")
    admin.goto("/admin/users/new")
    assert admin.locator("input[type=password]").count() == 0
    check(admin, "new account", problems)
    admin.locator("#name").fill("Vera Välkommen")
    admin.locator("#email").fill(EMAIL)
    admin.locator("#organisation").select_option(index=1)
    admin.locator("input[name=roles][value=coach]").check()
    submit(admin, "main form button[type=submit]")
    assert EMAIL in admin.locator(".flashes").inner_text()
    assert admin.locator("main form[action$='/welcome-link'] button").count() == 1
    check(admin, "account never logged in", problems)

    path = link_in(live_server.mail_to(EMAIL)[-1])
    person = new_page(browser, live_server.base_url, axe=True)
    person.goto(path)
    assert person.locator("h1").inner_text() in ("Välj ditt lösenord", "Choose your password")
    check(person, "choose your password", problems)
    submit(person, "main form button[type=submit]")  # nothing typed
    assert person.locator("#new_password[aria-invalid=true]").count() == 1
    check(person, "choose your password with errors", problems)
    person.locator("#new_password").fill(PASSWORD)
    person.locator("#repeat_password").fill(PASSWORD)
    submit(person, "main form button[type=submit]")
    assert person.url.endswith("/login")
    log_in(person, EMAIL, PASSWORD)
    assert not problems, "\n".join(problems)
