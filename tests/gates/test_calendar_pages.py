"""Gate: the calendar page in the browser, checked with axe: off, with the new address shown
once, and the feed read from that address.

The access table's visit (test_accessibility) sees the page as the demo data leaves it (off);
here the feed is turned on, so the page with the address is checked too.
"""

from __future__ import annotations

import icalendar
import pytest

from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import log_in, new_page

pytestmark = pytest.mark.browser


def check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"calendar-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def test_the_calendar_page_turns_the_feed_on_and_shows_its_address(browser, live_server):
    page = new_page(browser, live_server.base_url, axe=True)
    problems: list[str] = []
    log_in(page, "assessor@example.org")
    page.goto("/account/password")
    with page.expect_navigation():
        page.get_by_role("link", name="Kalenderflöde").click()
    check(page, "off", problems)
    with page.expect_navigation():
        page.get_by_role("button", name="Slå på kalenderflödet").click()
    address = page.locator("#calendar-url").input_value()
    assert address.endswith(".ics")
    check(page, "address shown", problems)
    response = page.request.get(address)
    assert response.status == 200
    assert icalendar.Calendar.from_ical(response.body()).walk("VEVENT") is not None
    page.goto("/account/calendar")
    assert page.locator("#calendar-url").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa en ny adress").click()
    assert page.request.get(address).status == 404
    assert not problems, "\n".join(problems)
