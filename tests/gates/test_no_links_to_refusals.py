"""No links to refusals: every link a role's home page and menu pages show answers that role.

For each demo role, the home page and each page its menu names are opened, and every link on
them within Validera is followed (GET, as the role): none may answer 403. A page the role sees
should only offer what the role may use (`can(...)` in the templates).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.gates.demo import ROLE_ACCOUNTS

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')
NAV = re.compile(r"<nav\b[^>]*>(.*?)</nav>", re.S)
# Links that end the session or start a download: not pages one may be refused.
SKIP = ("/logout", "/auth/logout", "/static/")


def _links(page: str, base: str) -> set[str]:
    found = set()
    for href in HREF.findall(page):
        href = href.replace("&amp;", "&")
        parts = urlsplit(urljoin(base, href))
        if parts.scheme in ("http", "https") and parts.netloc not in ("", "localhost"):
            continue
        if parts.scheme and parts.scheme not in ("http", "https"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP) or path.startswith("/api/"):
            continue
        found.add(path)
    return found


def _menu(page: str) -> set[str]:
    return {link for nav in NAV.findall(page) for link in _links(nav, "/")}


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_no_link_on_home_or_menu_pages_answers_403(act_as, role):
    client = act_as(role)
    home = client.get("/", follow_redirects=True)
    assert home.status_code == 200
    pages = {"/": home.get_data(as_text=True)}
    for path in sorted(_menu(pages["/"])):
        response = client.get(path)
        if response.status_code == 200:
            pages[path] = response.get_data(as_text=True)
    refused = set()
    for base, page in pages.items():
        for path in sorted(_links(page, base)):
            with client.get(path) as response:  # a file sent is closed with its answer
                if response.status_code == 403:
                    refused.add((base, path))
    assert not refused, f"{role} is shown links that answer 403: {sorted(refused)}"
