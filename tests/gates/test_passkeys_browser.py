"""Gate: passkeys in the real browser, with Chromium's virtual authenticator (the Chrome DevTools
Protocol's WebAuthn domain, as Playwright reaches it): add a passkey, log out, log in with the
password and the passkey; a second browser without it cannot finish the second step. Each page
on the way, with its errors, is checked with axe.

WebAuthn needs a secure context and a host name for the relying party (never an IP address), so
these pages are opened at http://localhost:<port> rather than 127.0.0.1. The account is Timrå's
coach, whom no other browser test logs in as; the passkey is removed again at the end.
"""

from __future__ import annotations

import pytest

from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import log_in, new_page

pytestmark = pytest.mark.browser

EMAIL = "coach@other.example.org"
NAME = "YubiKey på jobbet"


def check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"passkeys-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def on_localhost(live_server) -> str:
    return live_server.base_url.replace("://127.0.0.1:", "://localhost:")


def with_authenticator(page) -> tuple[object, str]:
    """A virtual authenticator in the page's browser: a platform authenticator (as a phone's or
    a laptop's) that keeps passkeys and verifies its user; the CDP session and its id."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def password_step(page) -> None:
    page.goto("/login")
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill("validera-demo")
    submit(page, "main form button[type=submit]")
    assert page.url.endswith("/login/code"), page.url


def test_a_passkey_is_added_used_to_log_in_and_refused_to_a_browser_without_it(
    browser, live_server
):
    page = new_page(browser, on_localhost(live_server), axe=True)
    cdp, authenticator = with_authenticator(page)
    problems: list[str] = []
    log_in(page, EMAIL)

    page.goto("/account/two-factor")
    check(page, "no keys", problems)
    submit(page, "form[data-passkey=register] button")  # no name: the field says so
    assert page.locator("#name[aria-invalid=true]").count() == 1
    check(page, "a key without a name", problems)
    page.locator("#name").fill(NAME)
    submit(page, "form[data-passkey=register] button")
    assert page.locator(".recovery-codes li").count() == 10  # the first factor: codes, once
    check(page, "the first key's recovery codes", problems)
    [made] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert made["rpId"] == "localhost" and made["isResidentCredential"]

    page.goto("/account/two-factor")
    assert page.locator(".passkey-list h3").all_inner_texts() == [NAME]
    check(page, "one key", problems)
    page.locator("#name").fill("Samma nyckel igen")  # the same authenticator: it says so
    page.locator("form[data-passkey=register] button").click()
    page.locator("[data-passkey-status]").wait_for(state="visible")
    assert "redan tillagd" in page.locator("[data-passkey-status]").inner_text()
    check(page, "a key added already", problems)

    submit(page, "header form[action='/logout'] button")
    password_step(page)
    assert page.locator("form[data-passkey=sign-in]").count() == 1
    check(page, "the second step with a key", problems)
    submit(page, "form[data-passkey=sign-in] button")
    assert "/login" not in page.url, "the password and the passkey did not log in"
    [used] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert used["signCount"] > made["signCount"]

    # Another browser, whose authenticator has no key for this account: the password is right,
    # but the second step cannot be finished.
    stranger = new_page(browser, on_localhost(live_server), axe=True)
    with_authenticator(stranger)
    password_step(stranger)
    stranger.locator("form[data-passkey=sign-in] button").click()
    status = stranger.locator("[data-passkey-status]")
    status.wait_for(state="visible")
    assert "Försök igen" in status.inner_text()
    check(stranger, "the second step refused", problems)
    stranger.goto("/")
    assert "/login" in stranger.url, "a browser without the passkey got in"

    # Leave the account as it was: remove the key again (a wrong password first).
    page.goto("/account/two-factor")
    submit(page, ".passkey-list a")
    check(page, "removing a key", problems)
    page.locator("#password").fill("wrong")
    submit(page, "main form button[type=submit]")
    assert page.locator("#password[aria-invalid=true]").count() == 1
    check(page, "removing a key, with an error", problems)
    page.locator("#password").fill("validera-demo")
    submit(page, "main form button[type=submit]")
    assert page.locator(".passkey-list").count() == 0
    assert not problems, "\n".join(problems)
