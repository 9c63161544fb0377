"""Gate: on a phone (390 px wide) no page is wider than the screen, and the header is short.

Every role's demo account opens each page of its main menu and the main pages of a case it may
see (the case's sections and the forms other areas show under the case header, from the access
table), and the participant their own pages beyond the menu; no page may be scrollable sideways
as a whole (a wide table scrolls inside its own region instead), and the header with its menu
closed is at most about 80 px tall.
"""

from __future__ import annotations

import pytest

from tests.gates.a11y import keep_evidence
from tests.gates.access_table import TABLE
from tests.gates.browser import log_in, new_page
from tests.gates.demo import ROLE_ACCOUNTS
from tests.gates.matrix import expected

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HEADER_MAX_PX = 80
# The landing page of each section of a case (templates/cases/_case_header.html).
CASE_SECTIONS = (
    "cases.case",
    "cases.journal",
    "cases.plan",
    "cases.adaptations",
    "mapping.case",
    "assessments.case_overview",
    "certificates.case_certificates",
    "reports.case_funding",
)
# The forms of other areas that act on a case, under the case header (or its back link).
CASE_FORMS = (
    "assessments.plan",
    "assessments.training",
    "assessments.sign",
    "employers.placement_new",
)
# The participant's own pages beyond the menu: a certificate (its link field and QR code) and
# the confirmation of a withdrawal.
OWN_PAGES = ("portal.certificate", "portal.withdraw_consent")

_WIDTHS = """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  wide: [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.right > window.innerWidth + 1 && !el.closest('.table-wrap, .case-sections');
  }).slice(0, 5).map(el => el.tagName + '.' + el.className + ' '
                         + (el.textContent || '').trim().slice(0, 40))})"""


def _case_pages(live_server, role: str) -> list[str]:
    """The addresses of the case's pages `role` may open: of the own-scope case, else of the
    other one (the demo's assessor assesses a case of the other scope)."""
    urls = []
    for entry in live_server.pages:
        if entry["endpoint"] not in CASE_SECTIONS + CASE_FORMS + OWN_PAGES:
            continue
        route = TABLE[entry["endpoint"]].for_rule(entry["rule"])
        opens = [s for s in ("own", "other") if expected(route, "GET", role, s) == 200]
        urls += [entry["urls"][s] for s in opens[:1] if s in entry["urls"]]
    return urls


def _menu_pages(page) -> list[str]:
    page.goto("/")
    return page.eval_on_selector_all(
        ".main-nav a", "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_no_page_is_wider_than_a_phone(browser, live_server, role):
    page = new_page(browser, live_server.base_url)
    page.set_viewport_size(PHONE)
    log_in(page, ROLE_ACCOUNTS[role])
    urls = list(dict.fromkeys(_menu_pages(page) + _case_pages(live_server, role)))
    assert urls, f"{role} reaches no page"
    problems = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, f"{role}: {url} answered {response.status}"
        widths = page.evaluate(_WIDTHS)
        if widths["scroll"] > widths["inner"]:
            folder = keep_evidence(page, f"overflow-{role}-{url.strip('/').replace('/', '-')}")
            problems.append(
                f"{role} on {url}: {widths['scroll']} px wide on a {widths['inner']} px screen; "
                f"wide: {widths['wide']}; evidence in {folder}"
            )
        header = page.locator(".site-header").bounding_box()
        if header["height"] > HEADER_MAX_PX:
            problems.append(f"{role} on {url}: the header is {header['height']:.0f} px tall")
    page.context.close()
    assert not problems, "\n".join(problems)


def test_the_phone_menu_opens_without_script_and_shows_the_links(browser, live_server):
    context = browser.new_context(
        base_url=live_server.base_url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, ROLE_ACCOUNTS["coach"])
    menu = page.locator(".main-nav")
    assert not menu.is_visible()
    page.locator(".site-menu > summary").click()
    assert menu.is_visible() and page.locator(".main-nav a").first.is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert not page.locator(".site-menu > summary").is_visible()
    assert page.locator(".main-nav a").first.is_visible()
    page.context.close()
