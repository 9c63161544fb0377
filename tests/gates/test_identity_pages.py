"""Gate: a reserve identity registered from the referral page, and a flagged referral's choice,
in Chromium: checked with axe, without script, and on a 390 px wide phone."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.cases.personal_numbers import with_check_digit
from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import TIMEOUT_MS, log_in, track

pytestmark = pytest.mark.browser

COACH = "coach@example.org"
NUMBER = with_check_digit("19710604248")  # in no demo data


def _check(page, name: str) -> None:
    problems = audit(page)
    assert not problems, f"{problems}; evidence in {keep_evidence(page, f'identity-{name}')}"


def _referral_fields(page, first: str, last: str) -> None:
    page.locator("#first_name").fill(first)
    page.locator("#last_name").fill(last)
    page.locator("#source").select_option("social_services")
    page.locator("#referred_on").fill("2026-11-20")
    page.locator("#reason").fill("Nyanländ, vill arbeta inom lokalvård.")


def _send(page) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def test_a_reserve_identity_is_registered_in_the_browser(role_page):
    page = role_page("coach")
    page.goto("/cases/referrals/new")
    assert not page.locator("#date_of_birth").is_visible()  # shown once the choice is made
    page.locator("#no_number").check()
    assert page.locator("#date_of_birth").is_visible()
    _referral_fields(page, "Selam", "Haile")
    page.locator("#date_of_birth").fill("2030-01-01")
    _send(page)
    errors = page.locator(".field-error").all_inner_texts()
    assert any("framtiden" in e for e in errors) and any("Välj kön." in e for e in errors)
    assert page.locator("#date_of_birth").is_visible()  # the choice is kept with the errors
    _check(page, "reserve-errors")
    page.locator("#date_of_birth").fill("1999-02-03")
    page.get_by_label("Kvinna").check()
    _send(page)
    assert "/cases/referrals/" in page.url and page.locator(".flashes").count() == 1
    facts = page.locator("dl.facts").inner_text()
    assert "Reservnummer" in facts and "R2280-" in facts and "1999" in facts
    _check(page, "reserve-referral")


def test_a_reserve_identity_is_registered_without_script(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = track(context.new_page())
    log_in(page, COACH)
    page.goto("/cases/referrals/new")
    page.locator("#no_number").check()
    _referral_fields(page, "Dawit", "Berhe")
    page.locator("#date_of_birth").fill("1988-07-08")
    page.get_by_label("Man", exact=True).check()
    _send(page)
    assert "Reservnummer" in page.locator("dl.facts").inner_text()
    context.close()


def _flag(live_server, referral_id: int) -> None:
    """As a referral made through the API or an import would be: a typed name that differs."""
    database = Path(live_server.folder.name) / "live.db"
    with closing(sqlite3.connect(database, timeout=30)) as connection, connection:
        connection.execute(
            "UPDATE referrals SET is_name_flagged = 1, typed_first_name = 'Test',"
            " typed_last_name = 'Testsson' WHERE id = ?",
            (referral_id,),
        )


def test_the_coach_chooses_for_a_flagged_referral(role_page, live_server):
    page = role_page("coach")
    page.goto("/cases/referrals/new")
    page.locator("#personal_number").fill(NUMBER)
    _referral_fields(page, "Leila", "Karimi")
    _send(page)
    referral_id = int(page.url.rstrip("/").split("/")[-1])
    _flag(live_server, referral_id)
    page.goto(f"/cases/referrals/{referral_id}")
    notice = page.locator("#name-check")
    assert "Annat namn i remissen" in notice.inner_text()
    assert notice.locator("tbody tr").first.locator("td").all_inner_texts() == [
        "Leila Karimi",
        "Test Testsson",
    ]
    _check(page, "flagged-referral")
    page.goto("/cases/referrals")
    assert "Angivet: Test Testsson" in page.locator("main").inner_text()
    page.goto(f"/cases/referrals/{referral_id}")
    with page.expect_navigation():
        page.get_by_role("button", name="Godkänn och ta ärendet").click()
    assert "skiljer sig från den registrerade personens" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Det är samma person").click()
    assert page.locator("#name-check").count() == 0
    assert "Du bekräftade" in page.locator(".flashes").inner_text()
    _check(page, "name-confirmed")


def test_the_referral_pages_fit_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = track(context.new_page())
    log_in(page, COACH)
    page.goto("/cases/referrals/new")
    page.locator("#no_number").check()
    for url in ("/cases/referrals/new", "/cases/referrals"):
        if url != page.url:
            page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide on a 390 px screen"
    context.close()
