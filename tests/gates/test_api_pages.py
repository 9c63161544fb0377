"""Gate: the API's pages in the browser, checked with axe: an administrator registers a client
(in Swedish) and sees its secret once, then calls the live API with it; the documentation page
on a 390 px wide phone."""

from __future__ import annotations

import pytest
import requests

from tests.gates.a11y import audit
from tests.gates.browser import TIMEOUT_MS, log_in, new_page, track

pytestmark = pytest.mark.browser


def test_an_admin_registers_a_client_and_its_secret_works(browser, live_server):
    page = new_page(browser, live_server.base_url, axe=True)
    log_in(page, "admin@example.org")
    page.goto("/admin/")
    page.get_by_role("link", name="API-klienter").first.click()
    page.get_by_role("link", name="Ny klient").click()
    page.get_by_label("Namn").fill("Socialtjänstens verksamhetssystem")
    page.get_by_label("Läsa ärenden: steg, datum och utfall").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera klienten").click()
    assert "Kopiera den nu" in page.locator("main").inner_text()
    assert audit(page) == []
    secret = page.locator("code.secret").inner_text()
    client_id = page.locator("dd code").first.inner_text()
    token = requests.post(
        f"{live_server.base_url}/api/v1/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
        timeout=30,
    ).json()["access_token"]
    cases = requests.get(
        f"{live_server.base_url}/api/v1/cases",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert cases.status_code == 200 and cases.json()["total"] > 0
    page.goto("/admin/api-clients/")
    page.get_by_role("link", name="Socialtjänstens verksamhetssystem").click()
    assert client_id in page.locator("main").inner_text()
    assert secret not in page.content()  # shown once, on the page after registering
    assert audit(page) == []


def test_the_documentation_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = track(context.new_page())
    page.goto("/api/v1/docs")
    assert "POST /api/v1/referrals" in page.locator("main").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the documentation is {width} px wide on a 390 px screen"
