"""axe-core in the real browser: WCAG 2.1 A and AA, serious and critical violations."""

from __future__ import annotations

import hashlib
import re

from axe_playwright_python.base import AXE_SCRIPT  # the axe.min.js bundled with the package

from tests.gates.browser import RESULTS

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}

# Forms that a refused submission shows again with its errors: those with a field the user
# must fill in. Emptying those fields is refused by every such form, so nothing is stored.
_REQUIRED = (
    "input[required]:not([type=hidden]):not([type=radio]):not([type=file]), textarea[required]"
)


# The page's structure: elements with their attributes (but not the values that change from
# one request or object to the next) and where there is text. axe's verdict depends on this
# and the stylesheet only, so a structure already checked (say, the same page seen by two roles
# with the same menu) is not checked again; its verdict is reused.
_STRUCTURE = """() => {
  const parts = [];
  const volatile = new Set(['value', 'href', 'action', 'content', 'datetime']);
  const walk = node => {
    if (node.nodeType === Node.TEXT_NODE) { if (node.textContent.trim()) parts.push('#'); return; }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const attrs = [...node.attributes]
      .map(a => volatile.has(a.name) ? a.name : a.name + '=' + a.value).sort();
    parts.push('<' + node.tagName + ' ' + attrs.join(' '));
    node.childNodes.forEach(walk);
    parts.push('>');
  };
  walk(document.documentElement);
  return parts.join('');
}"""
_verdicts: dict[str, list[str]] = {}


def audit(page) -> list[str]:
    """The serious and critical axe violations on the page, one line per violation."""
    structure = hashlib.sha256(page.evaluate(_STRUCTURE).encode()).hexdigest()
    if structure not in _verdicts:
        _verdicts[structure] = run_axe(page)
    return _verdicts[structure]


def run_axe(page) -> list[str]:
    """Run axe-core on the page as it is now."""
    # The app's Content-Security-Policy allows no inline script, so axe is evaluated through
    # the browser's debugging protocol (which the page's CSP does not govern) rather than
    # added as a <script> element. Contexts made by `new_page` load it into every document.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


def keep_evidence(page, name: str) -> str:
    """Save a screenshot and the HTML of the page under test-results/; returns the folder."""
    folder = RESULTS / "accessibility"
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", name)[:120]
    page.screenshot(path=str(folder / f"{stem}.png"), full_page=True)
    (folder / f"{stem}.html").write_text(page.content())
    return str(folder)


def forms_with_required_fields(page) -> int:
    """How many POST forms in the main content have a field that must be filled in."""
    return page.evaluate(
        """selector => [...document.querySelectorAll('main form')]
            .filter(f => f.method === 'post' && f.querySelector(selector)).length""",
        _REQUIRED,
    )


def submit_emptied(page, index: int) -> None:
    """Empty the required fields of the index-th such form and send it, as a user might."""
    form = page.locator("main form[method=post]").filter(has=page.locator(_REQUIRED)).nth(index)
    for field in form.locator(_REQUIRED).all():
        if field.get_attribute("type") == "checkbox":
            field.uncheck()
        else:
            field.fill("")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit], button:not([type])").first.click()


def shows_errors(page) -> bool:
    """True when the page says what is wrong (an error summary, a field marked invalid, or an
    error message after being sent back to the page)."""
    return page.locator(".error-summary, [aria-invalid=true], .flash-error").count() > 0
