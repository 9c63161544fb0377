"""Gate: the webhook pages in the browser, checked with axe: the list, the registration form
(an address Validera may not call refused at the field, in Swedish), the secret shown once,
disabling and deleting with its confirmation, the delivery log with a failed delivery sent
again; and the list, the form and the log on a 390 px wide phone.

The access table's URL builder (`_webhook`) gives the live server's Härnösand an API client
with a webhook; a failed delivery of it is written into the live server's database here.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import TIMEOUT_MS, log_in, new_page, track

pytestmark = pytest.mark.browser

ADMIN = "admin@example.org"
PUBLIC_URL = "https://93.184.215.14/validera/events"  # an address on the internet, by number


def _failed_delivery(live_server) -> int:
    """A failed delivery of the Härnösand webhook the access table made; the webhook's id."""
    database = Path(live_server.folder.name) / "live.db"
    with closing(sqlite3.connect(database, timeout=30)) as connection, connection:
        [(webhook_id,)] = connection.execute(
            "SELECT webhooks.id FROM webhooks JOIN api_clients ON api_clients.id ="
            " webhooks.api_client_id JOIN municipalities ON municipalities.id ="
            " api_clients.municipality_id WHERE municipalities.code = '2280'"
            " AND webhooks.url LIKE '%:9/%'"
        ).fetchall()
        connection.execute(
            "INSERT INTO webhook_deliveries (webhook_id, event_id, event, body, state,"
            " attempts, last_status_code, last_error, created_at, next_attempt_at)"
            " VALUES (?, 'evt_gate', 'case.stage_changed', '{}', 'failed', 6, 503, NULL,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            (webhook_id,),
        )
    return webhook_id


def _check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {keep_evidence(page, f'webhooks-{name}')}")


def test_registering_disabling_and_deleting_a_webhook(browser, live_server):
    page = new_page(browser, live_server.base_url, axe=True)
    log_in(page, ADMIN)
    problems: list[str] = []
    page.goto("/admin/")
    with page.expect_navigation():
        page.get_by_role("link", name="Webhooks").click()
    _check(page, "list", problems)
    with page.expect_navigation():
        page.get_by_role("link", name="Registrera en webhook").click()
    _check(page, "form", problems)
    page.get_by_label("Adress (URL)").fill("http://127.0.0.1/validera")
    page.get_by_label("Ett ärende byter steg").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera webhooken").click()
    error = page.locator("#url-error").inner_text()
    assert "Adressen måste börja med https://" in error
    assert page.get_by_label("Ett ärende byter steg").is_checked()
    _check(page, "form-errors", problems)
    page.get_by_label("Adress (URL)").fill(PUBLIC_URL)
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera webhooken").click()
    secret = page.get_by_label("Signeringshemlighet").input_value()
    assert secret.startswith("whsec_")
    _check(page, "secret", problems)
    with page.expect_navigation():
        page.get_by_role("link", name="Jag har kopierat hemligheten").click()
    assert secret not in page.content()
    row = page.locator("tr", has_text=PUBLIC_URL)
    with page.expect_navigation():
        row.get_by_role("button", name="Stäng av").click()
    assert "Webhooken är avstängd" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.locator("tr", has_text=PUBLIC_URL).get_by_role(
            "link", name=re.compile("^Ta bort")
        ).click()
    _check(page, "delete", problems)
    with page.expect_navigation():
        page.get_by_role("button", name="Ta bort webhooken").click()
    assert "Webhooken är borttagen." in page.locator("main").inner_text()
    assert page.locator("tr", has_text=PUBLIC_URL).count() == 0
    assert not problems, "\n".join(problems)


def test_the_delivery_log_with_a_failed_delivery_sent_again(browser, live_server):
    webhook_id = _failed_delivery(live_server)
    page = new_page(browser, live_server.base_url, axe=True)
    log_in(page, ADMIN)
    page.goto(f"/admin/webhooks/{webhook_id}")
    row = page.locator("tr", has_text="case.stage_changed")
    assert "Misslyckades" in row.inner_text() and "503" in row.inner_text()
    problems: list[str] = []
    _check(page, "log", problems)
    with page.expect_navigation():
        row.get_by_role("button", name="Skicka igen").click()
    assert "Meddelandet skickas igen." in page.locator("main").inner_text()
    # The live server allows no local address: the try is refused, and waits for the next.
    assert "Väntar" in page.locator("tr", has_text="case.stage_changed").inner_text()
    _check(page, "log-again", problems)
    assert not problems, "\n".join(problems)


def test_the_list_the_form_and_the_log_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = track(context.new_page())
    log_in(page, ADMIN)
    for path in ("/admin/webhooks/", "/admin/webhooks/new"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390 px screen"
    page.goto("/admin/webhooks/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Leveranslogg")).first.click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide on a 390 px screen"
