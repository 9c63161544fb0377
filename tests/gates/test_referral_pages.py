"""Gate: registering a referral for a number already registered in the municipality, in the
browser: the registered and the typed names side by side, checked with axe, then sent for the
registered person once the coach confirms."""

from __future__ import annotations

import pytest

from tests.gates.a11y import audit, keep_evidence

pytestmark = pytest.mark.browser

NUMBER = "19680523-2383"  # in no demo data


def _register(page, first: str, last: str) -> None:
    page.goto("/cases/referrals/new")
    page.locator("#personal_number").fill(NUMBER)
    page.locator("#first_name").fill(first)
    page.locator("#last_name").fill(last)
    page.locator("#source").select_option("social_services")
    page.locator("#referred_on").fill("2026-11-20")
    page.locator("#reason").fill("Vill arbeta inom vården.")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()


def test_a_registered_number_is_asked_about_before_the_referral_is_attached(role_page):
    page = role_page("coach")
    _register(page, "Maja", "Registrerad")
    assert page.locator(".flashes").count() == 1 and "/cases/referrals/" in page.url
    _register(page, "Maya", "Skrivfel")
    notice = page.locator("section.notice[role=alert]")
    assert notice.count() == 1
    names = notice.locator("tbody td").all_inner_texts()
    assert names == ["Maja Registrerad", "Maya Skrivfel"]  # side by side, nothing dropped
    problems = audit(page)
    assert not problems, f"{problems}; evidence in {keep_evidence(page, 'referral-registered')}"
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert page.locator(".flashes").count() == 1 and "/cases/referrals/" in page.url
    assert "Maja Registrerad" in page.locator("h1").inner_text()
    assert not audit(page)
