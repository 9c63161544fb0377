"""Gate: the undelivered-mail page in the browser with a message on it, checked with axe, and its
"Send again" button.

The access table's visit (test_accessibility) sees the page empty, as the demo data has every
mail sent; here a failed message is written into the live server's database first.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.gates.a11y import audit, keep_evidence
from tests.gates.browser import log_in, new_page

pytestmark = pytest.mark.browser


def _failed_mail(live_server) -> None:
    """An undelivered welcome mail to a coach of the demo administrator's municipality."""
    database = Path(live_server.folder.name) / "live.db"
    with closing(sqlite3.connect(database, timeout=30)) as connection, connection:
        [(municipality_id,)] = connection.execute(
            "SELECT municipality_id FROM users WHERE email = 'admin@example.org'"
        ).fetchall()
        connection.execute(
            "INSERT INTO outgoing_mails (to_address, subject, text, language, municipality_id,"
            " status, attempts, last_error, created_at, next_attempt_at)"
            " VALUES ('coach@example.org', 'Välkommen till Validera', 'En länk', 'sv', ?,"
            " 'failed', 6, 'ConnectionRefusedError: [Errno 111] Connection refused',"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            (municipality_id,),
        )


def test_the_undelivered_mail_page_with_a_message_and_sending_it_again(browser, live_server):
    _failed_mail(live_server)
    page = new_page(browser, live_server.base_url, axe=True)
    log_in(page, "admin@example.org")
    page.goto("/admin/mail/failed")
    assert page.locator("td", has_text="ConnectionRefusedError").count() == 1
    problems = [f"undelivered mail on {page.url}: {line}" for line in audit(page)]
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka igen").click()
    assert page.locator("td", has_text="ConnectionRefusedError").count() == 0
    problems += [f"after sending again on {page.url}: {line}" for line in audit(page)]
    if problems:
        problems.append(f"  screenshot and HTML in {keep_evidence(page, 'undelivered-mail')}")
    assert not problems, "\n".join(problems)
