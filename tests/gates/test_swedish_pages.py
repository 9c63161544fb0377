"""Gate: a Swedish page shows Swedish words, not the program's.

Every page each role may see (the access matrix's GET requests answered 200, over the demo
data) is read in Swedish, as the text a person sees: tags, scripts, styles and attributes are
left out, and so is `<code>` (what a page shows as code on purpose: audit actions, API client
ids). That text may not hold
- a snake_case word (`in_progress`, `score_without_limit`): a code that has no label;
- a raw ISO timestamp (`2026-11-18T20:46:00`): a moment the date filters did not format;
- a value of one of the application's enums that is not also a Swedish word (`referred`,
  `achieved`): an enum shown without its label;
- an English message id of the catalogues, whole, where its Swedish translation belongs: a text
  outside `_()`, or a label looked up in the wrong language.
"""

from __future__ import annotations

import enum
import html
import re
from functools import cache
from pathlib import Path

import pytest

from tests.gates.demo import ROLES
from tests.gates.matrix import one_by_one, probes

ROOT = Path(__file__).resolve().parents[2]

_HIDDEN = re.compile(r"<(script|style|code|template)\b.*?</\1\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]*>")
_ADDRESS = re.compile(r"\S+@\S+|\S+:/\S*")  # mail and web addresses, file:/paths
SNAKE_CASE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@-])")
ISO_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_WORD = re.compile(r"[^\W\d_]+(?:_[^\W\d_]+)*")
# Enum values that are Swedish words too, or names a page may show as they are.
SWEDISH_TOO = {"sv", "en", "man", "mentor", "format", "komvux", "saml", "oidc", "totp"}
SWEDISH_TOO |= {"csv", "pdf", "json", "xlsx", "start"}
# Message ids that read the same in Swedish where a page shows them (names, abbreviations).
SAME_IN_SWEDISH = {"OCN", "Validera", "BankID", "Freja eID"}
# The API's reference is for developers and in English, as the API itself is.
ENGLISH_ON_PURPOSE = ("/api/",)
# English names a Swedish page quotes as they are (a standard's title).
ENGLISH_NAMES = ("Web Content Accessibility Guidelines",)


def visible_text(page: str) -> str:
    """The text of an HTML page as a person sees it: no tags, scripts, attributes or code,
    and no mail or web addresses (`coach@other.example.org` holds no words to translate)."""
    text = html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", _COMMENT.sub(" ", page))))
    for name in ENGLISH_NAMES:
        text = text.replace(name, " ")
    return " ".join(_ADDRESS.sub(" ", text).split())


@cache
def enum_values() -> frozenset[str]:
    """The values of the application's enums (every Enum class defined under app/)."""
    import app.models  # noqa: F401 - every area's models, and with them their vocabularies

    values, classes = set(), [enum.Enum]
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        if cls.__module__.startswith("app."):
            values |= {m.value for m in cls if isinstance(m.value, str)}
    return frozenset(v for v in values if v.isalpha() and v.lower() not in SWEDISH_TOO)


@cache
def translated_ids() -> tuple[tuple[str, re.Pattern], ...]:
    """Message ids whose Swedish differs from them, as whole phrases (no placeholders)."""
    from babel.messages.pofile import read_po

    ids = set()
    for path in (ROOT / "app").rglob("translations/sv/LC_MESSAGES/messages.po"):
        with path.open("rb") as handle:
            for message in read_po(handle):
                text, swedish = message.id, message.string
                if not isinstance(text, str) or not text or not swedish or "%" in text:
                    continue
                # "Under 18" is Swedish too when its translation ("Under 18 år") holds it
                if text.strip() not in swedish and text not in SAME_IN_SWEDISH:
                    ids.add(text.strip())
    # One word alone may be a name in the demo data ("Lager"): only phrases and longer words.
    kept = [t for t in ids if " " in t or len(t) >= 8]
    return tuple((t, re.compile(rf"(?<!\w){re.escape(t)}(?!\w)")) for t in sorted(kept))


def english_in(text: str) -> list[str]:
    """What in a Swedish page's text is the program's word rather than Swedish, each with the
    text around it."""
    values = enum_values()
    hits = [("snake_case", m) for m in SNAKE_CASE.finditer(text)]
    hits += [("ISO timestamp", m) for m in ISO_TIMESTAMP.finditer(text)]
    hits += [("enum value", m) for m in _WORD.finditer(text) if m.group() in values]
    hits += [("message id", m) for _, pattern in translated_ids() for m in pattern.finditer(text)]
    found = {}
    for what, match in hits:
        around = text[max(match.start() - 30, 0) : match.end() + 30]
        found.setdefault(f"{what} {match.group()!r}", f"{what} {match.group()!r} in …{around}…")
    return sorted(found.values())


def test_the_gate_sees_what_it_looks_for():
    page = (
        "<html><head><script>var in_progress = 1;</script></head><body>"
        '<p title="score_without_limit">Status: in_progress, sedan 2026-11-18T20:46:00.</p>'
        "<p>Steget är referred.</p><p>Gap analysis per unit</p><code>case.viewed_by</code>"
        "</body></html>"
    )
    text = visible_text(page)
    assert "var" not in text and "score_without_limit" not in text and "viewed_by" not in text
    found = english_in(text)
    for what in ("snake_case 'in_progress'", "ISO timestamp '2026-11-18T20:46'"):
        assert any(f.startswith(what) for f in found)
    assert any(f.startswith("enum value 'referred'") for f in found)
    assert any(f.startswith("message id 'Gap analysis per unit'") for f in found)
    assert english_in(visible_text("<p>Status: Pågår, sedan 18 nov. 2026 kl. 20:46.</p>")) == []


@pytest.mark.parametrize("role", ROLES)
def test_a_swedish_page_shows_no_english_or_codes(app, act_as, demo, role):
    client = act_as(role)
    pages = [
        p
        for p in probes(app, demo, role)
        if p.method == "GET" and p.want == 200 and not p.url.startswith(ENGLISH_ON_PURPOSE)
    ]
    problems, read = [], 0
    for probe in one_by_one(client, pages):
        response = client.get(probe.url)
        kind = response.headers.get("Content-Type", "")
        if response.status_code == 200 and kind.startswith("text/html"):
            page = response.get_data(as_text=True)
            read += 1
            found = english_in(visible_text(page))
            if '<html lang="sv"' not in page:  # the demo accounts use Validera in Swedish
                found = ["a page that is not in Swedish"]
            problems += [f"GET {probe.url} ({probe.endpoint}): {f}" for f in found]
        response.close()
    assert read >= 3, f"As {role}, the gate read {read} pages"
    assert not problems, f"As {role}, Swedish pages show:\n" + "\n".join(sorted(set(problems)))
