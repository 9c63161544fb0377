"""Gate: a manager's pages in the browser, checked with axe: the refer form refused empty and
then sent, the employee on the list "My staff in validation" with their progress; the list and
the form on a 390 px wide phone.

The access table's visit (test_accessibility) sees the demo manager's pages too; here the form
is filled in and sent as a manager would.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from app.cases.personal_numbers import with_check_digit
from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import TIMEOUT_MS, log_in, new_page, track

pytestmark = pytest.mark.browser

MANAGER = "manager@example.org"


def _number() -> str:
    """A valid personal number the demo data does not hold (born 1971, a random serial)."""
    born = date(1971, 1, 1 + random.randrange(28))
    return with_check_digit(f"{born:%Y%m%d}{random.randrange(1000):03d}")


def _check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"staff-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def test_a_manager_refers_an_employee_and_follows_them(browser, live_server):
    page = new_page(browser, live_server.base_url, axe=True)
    problems: list[str] = []
    log_in(page, MANAGER)
    assert "Min personal i validering" in page.locator("main").inner_text()  # the home panel
    with page.expect_navigation():
        page.get_by_role("link", name="Remittera en medarbetare").first.click()
    _check(page, "refer", problems)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka remissen").click()
    assert "Medarbetarens samtycke behövs." in page.locator("main").inner_text()
    _check(page, "refer with errors", problems)
    page.get_by_label("Personnummer eller samordningsnummer").fill(_number())
    page.get_by_label("Förnamn").fill("Aleksandra")
    page.get_by_label("Efternamn").fill("Nowak")
    page.get_by_label("Mål för valideringen").fill("Undersköterska")
    page.get_by_label("Varför medarbetaren ska valideras").fill("Vårdbiträde i tio år.")
    page.get_by_label("Medarbetaren samtycker till att jag följer hur valideringen går").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka remissen").click()
    main = page.locator("main").inner_text()
    assert "Remissen skickades till kommunens valideringsverksamhet." in main
    assert "Aleksandra Nowak" in main and "Remiss: väntar" in main
    _check(page, "employee", problems)
    with page.expect_navigation():
        page.get_by_role("link", name="Tillbaka till min personal i validering").click()
    table = page.locator("main table").inner_text()
    assert "Aleksandra Nowak" in table and "Maja Eriksson" in table  # the demo employee
    assert "Basala hygienrutiner och smittskydd" in table
    _check(page, "list", problems)
    assert not problems, "\n".join(problems)


def test_the_list_and_the_form_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = track(context.new_page())
    log_in(page, MANAGER)
    for url in ("/staff/", "/staff/refer"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide on a 390 px screen"
    page.goto("/staff/")
    assert page.get_by_role("link", name="Maja Eriksson").is_visible()
