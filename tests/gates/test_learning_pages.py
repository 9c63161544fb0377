"""Gate: the participant's "What I can do" and "My evidence" on a 390 px wide phone, answered and
sent as a participant would there, and the coach's mapping with what was sent, checked with axe.

The access table's visit (test_accessibility) sees every one of these pages too; here they are
filled in on a phone, with the pages that follow (the answer's place in the list, the file
waiting) and the coach's side of it.
"""

from __future__ import annotations

import re

import pytest

from app.demo.portal import EMAIL
from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import log_in, new_page
from tests.gates.demo import ROLE_ACCOUNTS
from tests.mapping.test_uploads import PNG

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TITLE = "Foto från mobilen"


def _phone(browser, live_server):
    page = new_page(browser, live_server.base_url, axe=True)
    page.set_viewport_size(PHONE)
    return page


def _check(page, name: str, problems: list[str]) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{name} on {page.url} is {width} px wide on a 390 px screen")
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"learning-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def test_a_participant_answers_and_sends_on_a_phone_and_the_coach_sees_it(browser, live_server):
    page = _phone(browser, live_server)
    problems: list[str] = []
    log_in(page, EMAIL)
    page.goto("/my/can-do")
    _check(page, "what I can do", problems)
    with page.expect_navigation():
        page.locator(".can-do a").filter(has_text=re.compile("^Svara")).first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara mitt svar").click()
    assert "Välj ett svar." in page.locator("main").inner_text()
    _check(page, "answer with errors", problems)
    page.get_by_label("Delvis", exact=True).check()
    page.get_by_label("Var lärde du dig det?").fill("I köket hemma")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara mitt svar").click()
    assert "Ditt svar är sparat." in page.locator("main").inner_text()
    _check(page, "what I can do, answered", problems)

    page.goto("/my/evidence")
    _check(page, "my evidence", problems)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Skicka ett foto eller ett papper")).first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka", exact=True).click()
    assert "Välj ett foto eller ett papper." in page.locator("main").inner_text()
    _check(page, "send with errors", problems)
    page.get_by_label("Foto eller papper").set_input_files(
        {"name": "foto.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_label("Vad är det?").fill(TITLE)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka", exact=True).click()
    main = page.locator("main").inner_text()
    assert "Tack! Din handledare tittar på det." in main and TITLE in main
    _check(page, "my evidence, sent", problems)
    page.context.close()

    page = _phone(browser, live_server)
    log_in(page, ROLE_ACCOUNTS["coach"])
    page.goto("/notifications/")
    with page.expect_navigation():
        page.get_by_role(
            "link", name=re.compile("^En deltagare har skickat underlag")
        ).first.click()
    assert "Underlag från deltagaren" in page.locator("main").inner_text()
    _check(page, "the coach's mapping", problems)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Avvisa {TITLE}").click()
    _check(page, "refuse", problems)
    page.context.close()
    assert not problems, "\n".join(problems)
