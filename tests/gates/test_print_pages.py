"""Gate: a case's development plan on paper (print media emulated in the browser): no menu,
case sections or buttons, the confidentiality line and the print date at the top, and the
participant's and the coach's signature lines."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _plan_url(live_server) -> str:
    return next(e["urls"]["own"] for e in live_server.pages if e["endpoint"] == "cases.plan")


def test_the_printed_plan_shows_the_signatures_and_no_controls(role_page, live_server):
    page = role_page("coach")
    page.goto(_plan_url(live_server))
    signatures = page.locator("section.signatures")
    assert page.locator(".main-nav").is_visible() or page.locator(".menu-button").is_visible()
    assert not signatures.is_visible()  # on the screen the plan has no signature lines
    page.emulate_media(media="print")
    try:
        for hidden in (".site-header", ".main-nav", ".case-sections", ".back-link", "main form"):
            assert not page.locator(hidden).first.is_visible(), hidden
        assert not page.locator("main button").first.is_visible()
        assert signatures.is_visible()
        assert signatures.locator(".signature").count() == 2
        assert signatures.locator(".signature-line").count() == 6  # name, date, signature each
        assert page.locator(".print-meta .confidential").is_visible()
        assert page.locator(".print-meta .print-date").is_visible()
    finally:
        page.emulate_media(media="screen")
