"""Gate: importing referrals in the browser, as a coach: from the inbox's link to the upload,
a file with an error shown at its row and column, then a good file imported at once; the same
numbers again are shown registered, both names side by side, and attached once the coach ticks
it. Each page is checked with axe, and the preview on a 390 px wide phone."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from app.cases.personal_numbers import formatted, with_check_digit
from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import TIMEOUT_MS, log_in, track

pytestmark = pytest.mark.browser

HEADER = ["Personnummer", "Förnamn", "Efternamn", "Källa", "Remissdatum", "Skäl till remissen"]
NUMBERS = [formatted(with_check_digit(f"19720830{serial}")) for serial in ("611", "612")]


def _file(folder, name: str, rows: list[list[str]]):
    path = folder / name
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _rows(first: str, referred_on: str) -> list[list[str]]:
    return [
        [n, first, f"Importsson{i}", "Socialtjänsten", referred_on, "Försörjningsstöd"]
        for i, n in enumerate(NUMBERS)
    ]


def _upload(page, path) -> None:
    page.goto("/imports/referrals/new")
    page.locator("#file").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Visa förhandsgranskningen").click()


def _checked(page, name: str) -> None:
    problems = audit(page)
    assert not problems, f"{problems}; evidence in {keep_evidence(page, name)}"


def test_a_coach_imports_referrals_and_is_asked_about_registered_numbers(role_page, tmp_path):
    page = role_page("coach")
    today = date.today().isoformat()
    page.goto("/cases/referrals")
    with page.expect_navigation():
        page.get_by_role("link", name="Importera remisser").click()
    _checked(page, "import-upload")
    bad = _rows("Anna", today)
    bad[1][4] = "igår"
    _upload(page, _file(tmp_path, "fel.csv", bad))
    errors = page.locator("section[aria-labelledby=problems-heading] tbody tr")
    assert errors.all_inner_texts() == [
        "3\tRemissdatum\tSkriv ett datum som ÅÅÅÅ-MM-DD, till exempel 2026-11-18."
    ]
    assert page.locator("form[action$='/confirm']").count() == 0
    _checked(page, "import-errors")
    _upload(page, _file(tmp_path, "remisser.csv", _rows("Anna", today)))
    _checked(page, "import-preview")
    with page.expect_navigation():
        page.get_by_role("button", name="Importera 2 rader").click()
    assert "2 remisser importerades" in page.locator(".flashes").inner_text()
    _upload(page, _file(tmp_path, "igen.csv", _rows("Ann", today)))
    registered = page.locator("section[aria-labelledby=registered-heading] tbody tr")
    assert registered.count() == 2
    cells = registered.first.locator("td").all_inner_texts()
    assert cells[2:] == ["Anna Importsson0", "Ann Importsson0"]  # side by side
    _checked(page, "import-registered")
    with page.expect_navigation():
        page.get_by_role("button", name="Importera 2 rader").click()
    assert page.locator("#attach-error").count() == 1  # asked before it is attached
    _checked(page, "import-not-ticked")
    page.locator("#attach").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Importera 2 rader").click()
    assert "2 remisser importerades" in page.locator(".flashes").inner_text()
    page.goto("/cases/referrals")
    assert page.locator("main").inner_text().count("Anna Importsson0") == 2


def test_the_preview_on_a_phone(browser, live_server, tmp_path):
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = track(context.new_page())
    log_in(page, "coach2@example.org")
    rows = [
        [
            formatted(with_check_digit("19800101" + "613")),
            "Långt Förnamn",
            "Efternamnsson",
            "Socialtjänsten",
            "förra veckan",
            "Ett långt skäl " * 20,
        ]
    ]
    _upload(page, _file(tmp_path, "telefon.csv", rows))
    assert page.locator("section[aria-labelledby=problems-heading]").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the preview is {width} px wide on a 390 px screen"
    context.close()
