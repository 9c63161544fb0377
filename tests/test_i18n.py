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
