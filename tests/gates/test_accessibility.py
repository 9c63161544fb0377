"""Gate: axe-core finds no serious or critical WCAG 2.1 A/AA violation on any page type.

Every GET route of the app (from the live server's `app.url_map`, see serve.py) is opened as
every role the access table lets see it, the forms on it are shown again with validation
errors, and the error pages are checked as each role. A new route is checked as soon as it is
in tests/gates/access_table.py (the access matrix fails until it is).
"""

from __future__ import annotations

import pytest

from tests.gates.a11y import (
    audit,
    forms_with_required_fields,
    keep_evidence,
    shows_errors,
    submit_emptied,
)
from tests.gates.access_table import TABLE
from tests.gates.demo import ANON, ROLES
from tests.gates.matrix import expected

pytestmark = pytest.mark.browser


def _visible_pages(live_server, role: str) -> list[tuple[str, str]]:
    """(name, url) of every page the table lets `role` see, once per URL rule."""
    result = []
    for entry in live_server.pages:
        route = TABLE[entry["endpoint"]].for_rule(entry["rule"])
        for scope in ("own", "other"):
            if scope in entry["urls"] and expected(route, "GET", role, scope) == 200:
                result.append((f"{entry['endpoint']} ({scope})", entry["urls"][scope]))
                break  # the same template for the other scope
    return result


def _check(page, role: str, name: str, problems: list[str]) -> None:
    found = audit(page)
    if found:
        folder = keep_evidence(page, f"{role}-{name}")
        problems.extend(f"{role} on {page.url} ({name}): {line}" for line in found)
        problems.append(f"  screenshot and HTML in {folder}")


# A form's error state is the same page whoever sees it (the menu aside, which each role's plain
# view of the page already covers), so each form is shown with its errors once per session.
_forms_shown_with_errors: set[str] = set()


@pytest.mark.parametrize("role", ROLES)
def test_pages_have_no_serious_accessibility_violations(live_server, role_page, role):
    page = role_page(None if role == ANON else role)
    pages = _visible_pages(live_server, role)
    assert pages, f"{role} can see no page at all"
    problems: list[str] = []
    for name, url in pages:
        if "text/html" not in page.request.head(url).headers.get("content-type", ""):
            continue  # a download (an export, a PDF), not a page
        response = page.goto(url)
        assert response.status == 200, f"{role}: {url} answered {response.status}"
        _check(page, role, name, problems)
        if url in _forms_shown_with_errors:
            continue
        _forms_shown_with_errors.add(url)
        for index in range(forms_with_required_fields(page)):
            if index:
                page.goto(url)
            submit_emptied(page, index)
            if not shows_errors(page):
                problems.append(
                    f"{role} on {url}: a form sent with its required fields empty "
                    "was not shown again with its errors"
                )
                continue
            _check(page, role, f"{name} form {index} with errors", problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_error_pages_have_no_serious_accessibility_violations(live_server, role_page, role):
    page = role_page(None if role == ANON else role)
    problems: list[str] = []
    response = page.goto("/no-such-page")
    assert response.status == 404
    _check(page, role, "404", problems)
    if role != ANON:
        forbidden = [
            entry["urls"]["own"]
            for entry in live_server.pages
            if expected(TABLE[entry["endpoint"]].for_rule(entry["rule"]), "GET", role, "own") == 403
        ]
        if forbidden:
            assert page.goto(forbidden[0]).status == 403
            _check(page, role, "403", problems)
    assert not problems, "\n".join(problems)
