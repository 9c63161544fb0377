"""Swedish first, English second: every string has a Swedish translation."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_has_a_swedish_translation():
    assert _tool().missing() == []


def test_pages_in_both_languages(client):
    assert "Tillgänglighetsredogörelse för Validera" in client.get("/accessibility").get_data(True)
    english = client.get("/accessibility?lang=en").get_data(as_text=True)
    assert "Accessibility statement for Validera" in english
    assert '<html lang="en">' in english


# Texts two areas translate apart today, each left for the glossary to settle (one Swedish word
# per concept). Nothing may join this list: the catalogues are merged into one, so the area
# loaded last would decide the word on every other area's pages.
SETTLED_LATER = {"Framework", "Reason", "Verified", "None", "Title", "Action", "Not yet"}


def test_a_text_has_one_swedish_translation_in_every_area():
    from babel.messages.pofile import read_po

    found: dict[str, dict[str, str]] = {}
    for path in sorted((ROOT / "app").rglob("translations/sv/LC_MESSAGES/messages.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    found.setdefault(key, {})[str(path.relative_to(ROOT))] = str(message.string)
    differing = {
        key: places
        for key, places in found.items()
        if len(set(places.values())) > 1 and key not in SETTLED_LATER
    }
    assert differing == {}
