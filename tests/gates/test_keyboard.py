"""Gate: a person using only the keyboard can log in and send a form, and always sees the focus."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.gates.browser import new_page

pytestmark = pytest.mark.browser

# The focused element's outline and shadow, then the same without focus.
_FOCUS_STYLES = """() => {
  const el = document.activeElement;
  const look = () => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    return {outline, shadow: s.boxShadow !== 'none',
            text: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ')};
  };
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus();
  return {tag: el.tagName, id: el.id, name: el.getAttribute('name') || el.textContent.trim(),
          focused, unfocused};
}"""


def _focus_is_visible(page) -> dict:
    styles = page.evaluate(_FOCUS_STYLES)
    focused, unfocused = styles["focused"], styles["unfocused"]
    shown = (focused["outline"] or focused["shadow"]) and focused["text"] != unfocused["text"]
    assert shown, f"no visible focus on {styles}"
    return styles


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until `selector` has the focus, checking the focus is visible at every stop."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            _focus_is_visible(page)
            return
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement !== document.body"):
            _focus_is_visible(page)
    raise AssertionError(f"{selector} cannot be reached with Tab")


def _terms_not_yet_accepted(live_server, email: str) -> None:
    """Other gates of the same live server may have logged the account in (and accepted the
    terms) before: it is asked for them again, whatever ran first."""
    database = Path(live_server.folder.name) / "live.db"
    with closing(sqlite3.connect(database, timeout=30)) as connection, connection:
        connection.execute("UPDATE users SET terms_accepted_at = NULL WHERE email = ?", (email,))


def test_log_in_and_accept_the_terms_with_the_keyboard_only(browser, live_server):
    _terms_not_yet_accepted(live_server, "coach2@example.org")
    page = new_page(browser, live_server.base_url)
    page.goto("/privacy")
    page.keyboard.press("Tab")  # the first stop is the skip link, shown when focused
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    _focus_is_visible(page)
    _tab_to(page, ".brand")  # Validera's name leads to the login page
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "#email")  # where the login page puts the focus
    page.keyboard.type("coach2@example.org")
    _tab_to(page, "#password")
    page.keyboard.type("validera-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/terms" in page.url, "the login form was not sent with Enter"
    _tab_to(page, "#accept")
    page.keyboard.press("Space")
    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.rstrip("/") == live_server.base_url, page.url
    assert page.locator("h1").inner_text().endswith("Mehmet Yilmaz")
    page.context.close()
