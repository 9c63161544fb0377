"""The templates share one look: rules read from the template files themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.domain

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LIST_STYLES = {"facts"}  # the one summary-list style (validera.css)


def test_every_fact_list_has_the_one_summary_list_style():
    unstyled = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in re.findall(r"<dl\b[^>]*>", path.read_text(encoding="utf-8")):
            classes = (
                set(re.findall(r'class="([^"]*)"', tag)[0].split()) if "class=" in tag else set()
            )
            if not classes & LIST_STYLES:
                unstyled.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert not unstyled, "description lists without the summary-list style:\n" + "\n".join(unstyled)
