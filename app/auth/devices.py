"""A short description of the device a session was begun on, read from its User-Agent.

Only what a person needs to recognise their own sessions: the browser and the system ("Firefox",
"Windows"), no versions. A User-Agent says what the browser chooses to say, so this is a hint,
never evidence. Plain Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass

# (marker in the User-Agent, name), in the order they are tried: browsers built on another name
# the one they are built on too (Edge and Opera say "Chrome", Chrome says "Safari").
BROWSERS = (
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("Opera", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Vivaldi/", "Vivaldi"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Version/", "Safari"),  # Safari says "Version/17.1 ... Safari/605.1.15"
    ("Trident/", "Internet Explorer"),
    ("MSIE ", "Internet Explorer"),
)
SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


@dataclass(frozen=True)
class Device:
    """The browser and the system a User-Agent names; None for what it does not say."""

    browser: str | None
    system: str | None


def _first(agent: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((name for marker, name in table if marker in agent), None)


def device(agent: str | None) -> Device:
    """The browser and system of this User-Agent (none of either for an unknown one)."""
    agent = agent or ""
    browser = _first(agent, BROWSERS)
    if browser == "Safari" and "Safari/" not in agent:
        browser = None
    return Device(browser, _first(agent, SYSTEMS))
