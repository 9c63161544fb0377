"""Gate: the summons form checked with axe in its states: as it opens, with the letter previewed
and with its errors. (The access table has the page, which test_accessibility opens once.)"""

from __future__ import annotations

import pytest

from tests.gates.a11y import audit, keep_evidence

pytestmark = pytest.mark.browser


def _check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"summons-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def test_the_summons_form_its_preview_and_its_errors(live_server, role_page):
    entry = next(p for p in live_server.pages if p["endpoint"] == "cases.summons")
    page = role_page("coach")
    problems: list[str] = []
    page.goto(entry["urls"]["own"])
    _check(page, "form", problems)
    page.locator("#day").fill("2026-12-15")
    page.locator("#time").fill("09:30")
    page.locator("#place").fill("Storgatan 1")
    with page.expect_navigation():
        page.locator("button[name=preview]").click()
    assert page.locator(".summons-letter").count() == 1
    _check(page, "preview", problems)
    page.locator("#place").fill("")
    with page.expect_navigation():
        page.locator("button[name=preview]").click()
    assert page.locator("#place[aria-invalid=true]").count() == 1
    _check(page, "errors", problems)
    assert not problems, "\n".join(problems)
