"""Gate: single sign-on with OpenID Connect in the browser, against a real provider on a local port
(tests/auth/oidc_provider.py) and a live Validera of its own (the logins it connects would show on
every other gate's login page).

The municipality administrator connects the provider through the pages (a discovery address that
does not answer is refused at its field first), a coach logs in with the button on the login
page in Swedish and reaches the home page, the audit log shows the method, the login and the
assurance level; a person without an account is refused in English until the administrator lets
the login make accounts without roles. The pages are checked with axe on the way.
"""

from __future__ import annotations

import socket

import pytest

from tests.auth.oidc_provider import running
from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import log_in, new_page, start_server
from tests.gates.demo import ROLE_ACCOUNTS

pytestmark = pytest.mark.browser

LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
NAME = "Härnösands e-legitimation"


@pytest.fixture
def server():
    """A live Validera of the test's own."""
    started = start_server("oidc")
    yield started
    started.stop()


@pytest.fixture
def provider():
    """The municipality's OpenID provider, on the machine's clock as the live server is."""
    with running() as started:
        yield started


def page_of(browser, server):
    """A browser page that reaches Validera and the provider only (the provider's own pages ask
    for a stylesheet on the internet, which is not fetched)."""
    page = new_page(browser, server.base_url, axe=True)
    page.context.route("https://**/*", lambda route: route.abort())
    return page


def check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"oidc-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def at_provider(page, subject: str) -> None:
    """The person logs in at the provider, which sends the browser back to Validera."""
    page.wait_for_url("**/oauth2/authorize**")
    page.locator("input[name=sub]").fill(subject)
    with page.expect_navigation(url=lambda url: "/oauth2/" not in url):
        page.locator("button[type=submit]", has_text="Authorize").click()
    if "/terms" in page.url:
        page.locator("#accept").check()
        submit(page, "main form button[type=submit]")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def connect(admin, provider, secret_file, problems: list[str]) -> None:
    """The administrator connects the provider through the pages."""
    log_in(admin, ROLE_ACCOUNTS["admin"])
    admin.goto("/admin/sign-in")
    submit(admin, "main a[href='/admin/sign-in/new/oidc']")
    redirect_address = admin.locator("main p code").first.inner_text()
    assert redirect_address.endswith("/login/oidc/callback")
    check(admin, "new provider", problems)
    client_id, secret = provider.register(redirect_address)
    secret_file.write_text(secret)
    admin.locator("#name").fill(NAME)
    admin.locator("input[name=match_on][value=email]").check()
    admin.locator("#required_loa").fill(LOA3)
    admin.locator("#discovery_url").fill(f"http://127.0.0.1:{closed_port()}")
    admin.locator("#client_id").fill(client_id)
    admin.locator("#client_secret_ref").fill(f"file:{secret_file}")
    submit(admin, "main form button[type=submit]")
    error = admin.locator("#discovery_url-error").inner_text()
    assert "Ingen OpenID Connect-leverantör svarar på den här adressen: den svarar inte" in error
    check(admin, "new provider with an error", problems)
    admin.locator("#discovery_url").fill(provider.issuer)
    submit(admin, "main form button[type=submit]")
    assert admin.url.endswith("/admin/sign-in")
    assert admin.locator("main table", has_text=NAME).count() == 1
    check(admin, "providers", problems)


def test_a_coach_logs_in_through_the_municipality_s_openid_provider(
    browser, server, provider, tmp_path
):
    problems: list[str] = []
    admin = page_of(browser, server)
    connect(admin, provider, tmp_path / "client-secret", problems)

    provider.person(
        "coach-hk",
        email=ROLE_ACCOUNTS["coach"],
        email_verified=True,
        name="Coach Härnösand",
        acr=LOA3,
    )
    coach = page_of(browser, server)
    coach.goto("/login")
    assert coach.locator("h2#sso-heading").inner_text() == "Logga in med kommunens inloggning"
    check(coach, "login page with a login of the municipality", problems)
    coach.locator("main a.button", has_text=f"Logga in med {NAME}").click()
    at_provider(coach, "coach-hk")
    assert coach.url == server.url("/")
    assert coach.locator("form[action='/logout']").count() == 1

    admin.goto("/admin/audit?action=auth.login")
    line = admin.locator("main tbody tr", has_text=ROLE_ACCOUNTS["coach"]).first
    assert "method: oidc; provider: " in line.inner_text()
    assert f"provider_name: {NAME}; loa: {LOA3}" in line.inner_text()

    # Someone without an account, in English: refused, until the municipality makes accounts.
    provider.person("newcomer", email="newcomer@example.org", name="New Comer", acr=LOA3)
    newcomer = page_of(browser, server)
    newcomer.goto("/login")
    submit(newcomer, "form.language-form button[value=en]")
    newcomer.locator("main a.button", has_text=f"Log in with {NAME}").click()
    at_provider(newcomer, "newcomer")
    assert "/login" in newcomer.url
    assert "You have no account in Validera." in newcomer.locator("main").inner_text()
    check(newcomer, "login page with a refused sign-in", problems)

    admin.goto("/admin/sign-in")
    admin.locator("input[name=unknown_person][value=account_without_roles]").check()
    submit(admin, "main form[method=post]:not([action]) button[type=submit]")
    newcomer.locator("main a.button", has_text=f"Log in with {NAME}").click()
    at_provider(newcomer, "newcomer")
    assert newcomer.url == server.url("/")
    assert newcomer.locator("form[action='/logout']").count() == 1
    admin.goto("/admin/audit?action=auth.")
    lines = admin.locator("main tbody").inner_text()
    assert any(
        words in lines
        for words in (
            "Skapade ett konto vid inloggning via en identitetsleverantör",
            "Created an account at sign-in through an identity provider",
        )
    )
    assert not problems, "\n".join(problems)
