"""Gate: the notifications in the browser, checked with axe: a coach with a notification sees
the count in the header, opens the list and the notification (lands on the case, the count
drops), chooses the digest at another hour; the settings page works without script, and the
header and list on a 390 px wide phone.

The access table's visit (test_accessibility) sees the list empty, as the demo data has no
notification; here one is written into the live server's database first, as the fan-out job
writes it.
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

COACH = "coach@example.org"


def _notify(live_server, email: str) -> int:
    """A case of the person's, assigned to them: its notification, unread, in Validera only.
    Answers the case's id."""
    database = Path(live_server.folder.name) / "live.db"
    with closing(sqlite3.connect(database, timeout=30)) as connection, connection:
        [(user_id,)] = connection.execute("SELECT id FROM users WHERE email = ?", (email,))
        [(case_id,)] = connection.execute(
            "SELECT id FROM cases WHERE coach_id = ? ORDER BY id LIMIT 1", (user_id,)
        )
        event = connection.execute(
            "INSERT INTO notification_events (kind, target_id, created_at, done_at)"
            " VALUES ('case_assigned', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            (case_id,),
        ).lastrowid
        connection.execute(
            "INSERT INTO notifications (user_id, event_id, kind, reference, link, delivery,"
            " created_at) VALUES (?, ?, 'case_assigned', ?, ?, 'in_app', CURRENT_TIMESTAMP)",
            (user_id, event, f"#{case_id}", f"/cases/{case_id}"),
        )
    return case_id


def _unread(page) -> int:
    """The unread count the header's link announces."""
    words = page.locator("a.notifications-link .visually-hidden").inner_text()
    found = re.search(r"olästa: (\d+)", words)
    return int(found.group(1)) if found else 0


def _check(page, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"notifications-{name}")
        problems.extend(f"{name} on {page.url}: {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


def test_a_coach_reads_a_notification_and_chooses_the_digest(browser, live_server):
    case_id = _notify(live_server, COACH)
    page = new_page(browser, live_server.base_url, axe=True)
    problems: list[str] = []
    log_in(page, COACH)
    unread = _unread(page)  # other gates may have told the demo coach of something too
    assert unread >= 1
    link = page.get_by_role("link", name=re.compile(rf"^Aviseringar\s*\(olästa: {unread}\)$"))
    badge = page.locator("a.notifications-link .count")  # seen; read out as the words above
    assert link.is_visible() and badge.is_visible() and badge.inner_text() == str(unread)
    with page.expect_navigation():
        link.click()
    _check(page, "list", problems)
    item = page.locator("ul.notifications li.unread", has_text=f"Ärende #{case_id} ")
    assert "Oläst" in item.first.inner_text()
    with page.expect_navigation():
        item.first.get_by_role("link").click()
    assert page.url.endswith(f"/cases/{case_id}")
    assert _unread(page) == unread - 1
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Aviseringar\b")).click()
    if unread > 1:
        page.get_by_role("button", name="Markera alla som lästa").click()
        page.wait_for_load_state()
        assert re.search(r"markerades som lästa?\b", page.locator("main").inner_text())
    assert page.locator("ul.notifications li.unread").count() == 0
    assert page.get_by_role(
        "link", name=re.compile(r"^Aviseringar\s*\(inga olästa\)$")
    ).is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Inställningar för aviseringar").click()
    _check(page, "settings", problems)
    group = page.get_by_role("group", name="Ett ärende har tilldelats mig")
    group.get_by_label("I den dagliga sammanfattningen").check()
    page.get_by_label("Timme för den dagliga sammanfattningen").select_option("16")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara inställningarna för aviseringar").click()
    assert "Dina inställningar för aviseringar har sparats." in page.locator("main").inner_text()
    assert group.get_by_label("I den dagliga sammanfattningen").is_checked()
    assert page.get_by_label("Timme för den dagliga sammanfattningen").input_value() == "16"
    _check(page, "settings saved", problems)
    assert not problems, "\n".join(problems)


def test_the_settings_page_works_without_script(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = track(context.new_page())
    log_in(page, "assessor@example.org")
    page.goto("/notifications/settings")
    page.get_by_label("Timme för den dagliga sammanfattningen").select_option("6")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara inställningarna för aviseringar").click()
    assert "Dina inställningar för aviseringar har sparats." in page.locator("main").inner_text()
    assert page.get_by_label("Timme för den dagliga sammanfattningen").input_value() == "6"
    page.goto("/notifications/?unread=1")
    assert page.get_by_label("Bara olästa").is_checked()


def test_the_count_and_the_list_on_a_phone(browser, live_server):
    _notify(live_server, "coach2@example.org")
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = track(context.new_page())
    log_in(page, "coach2@example.org")
    menu = page.locator(".site-menu > summary")  # the header's menu, folded on a phone
    assert menu.locator(".count").is_visible()  # the unread count shows on its button
    menu.click()
    link = page.locator("a.notifications-link")
    assert link.is_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.goto("/notifications/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the list is {width} px wide on a 390 px screen"
    page.emulate_media(media="print")
    assert not page.locator("a.notifications-link").is_visible()
