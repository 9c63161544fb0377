"""The whole journey through the user interface, as the people would walk it.

`STEPS` lists the journey in order; each step is a function of the `Journey`, which holds one
browser page per person and what earlier steps left for later ones (`journey.state`). A step
acts only through what a person sees: links, buttons and labels found by their text in the
run's language (`journey.t("Save")` is "Spara" in the Swedish run). An area adds its part by
appending its steps here, after the steps it builds on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel.support import NullTranslations, Translations
from playwright.sync_api import Page, expect

from app.config import AREAS
from tests.gates.browser import ROOT, LiveServer, new_page
from tests.gates.demo import PASSWORD, ROLE_ACCOUNTS

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}


@cache
def catalogue(language: str) -> NullTranslations:
    """The app's messages in `language`, from every area's compiled catalogue."""
    merged = NullTranslations()
    if language == "en":  # message ids are English
        return merged
    folders = [ROOT / "app" / "translations"] + [ROOT / "app" / a / "translations" for a in AREAS]
    for folder in folders:
        found = Translations.load(str(folder), [language])
        if isinstance(found, Translations):
            merged = found if not isinstance(merged, Translations) else merged.merge(found)
    return merged


@dataclass
class Journey:
    """One walk through the journey in one language, on its own fresh server."""

    browser: Any
    server: LiveServer
    language: str
    pages: dict[str, Page] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)

    def t(self, message: str, **values: Any) -> str:
        """What the interface shows for `message` in this run's language."""
        text = catalogue(self.language).gettext(message)
        return text % values if values else text

    def exact(self, message: str, **values: Any) -> re.Pattern:
        """A pattern matching exactly the translated text (for names that are prefixes)."""
        return re.compile(rf"^\s*{re.escape(self.t(message, **values))}\s*$")

    def person(self, who: str) -> Page:
        """The page of `who` (a role of the demo accounts, or an email), opened when first met."""
        if who not in self.pages:
            self.pages[who] = new_page(self.browser, self.server.base_url)
        return self.pages[who]

    def speak(self, page: Page) -> None:
        """Switch the page to the run's language with the header's language button, if needed."""
        if page.locator("html").get_attribute("lang") != self.language:
            page.get_by_role("button", name=LANGUAGE_NAMES[self.language]).click()
        expect(page.locator("html")).to_have_attribute("lang", self.language)

    def log_in(self, who: str, email: str, name: str, password: str = PASSWORD) -> Page:
        """Log in through the login form, accept the terms, and arrive home."""
        page = self.person(who)
        page.goto("/login")
        self.speak(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(self.t("Log in to Validera"))
        page.get_by_label(self.exact("Email")).fill(email)
        page.get_by_label(self.exact("Password")).fill(password)
        page.get_by_role("button", name=self.exact("Log in")).click()
        self.speak(page)  # the account keeps its own language
        expect(page.get_by_role("heading", level=1)).to_have_text(
            self.t("Terms of use and data protection")
        )
        page.get_by_label(
            self.t("I have read and accept the terms of use and the data-protection rules")
        ).check()
        page.get_by_role("button", name=self.t("Continue")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            self.t("Welcome, %(name)s", name=name)
        )
        return page

    def follow(self, page: Page, *links: str) -> None:
        """Follow links by their text, in order (the menu first, then the page's own)."""
        for link in links:
            page.get_by_role("link", name=self.exact(link)).first.click()

    def flash(self, page: Page, message: str, **values: Any) -> None:
        """The page confirms with `message`."""
        expect(page.locator(".flashes")).to_contain_text(self.t(message, **values))


Step = Callable[[Journey], None]

DEMO_NAMES = {
    "admin": "Anna Administratör",
    "coach": "Karin Lindqvist",
    "assessor": "Per Sjöberg",
    "internal_verifier": "Lena Åström",
    "employer": "Johan Berglund",
    "regional": "Erik Holm",
    "external_verifier": "Birgitta Ek",
}


def everyone_logs_in_and_accepts_the_terms(j: Journey) -> None:
    """Each demo person logs in for the first time and accepts the terms of use."""
    for role, email in ROLE_ACCOUNTS.items():
        j.log_in(role, email, DEMO_NAMES[role])


def a_person_switches_language(j: Journey) -> None:
    """The coach tries the other language and comes back; the choice stays with the account."""
    page = j.person("coach")
    other = "en" if j.language == "sv" else "sv"
    page.get_by_role("button", name=LANGUAGE_NAMES[other]).click()
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(
        page.get_by_role("navigation", name=catalogue(other).gettext("Main menu"))
    ).to_be_visible()
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", other)
    j.speak(page)
    expect(page.get_by_role("navigation", name=j.t("Main menu"))).to_be_visible()


def admin_creates_a_municipality(j: Journey) -> None:
    """The administrator adds Kramfors to the region."""
    page = j.person("admin")
    j.follow(page, "Administration", "Municipalities", "New municipality")
    page.get_by_label(j.exact("Name")).fill("Kramfors")
    page.get_by_label(j.exact("Municipality code")).fill("2282")
    page.get_by_label(j.exact("Region (cooperation)")).fill("Västernorrland")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The municipality was saved.")
    expect(page.get_by_role("link", name="Kramfors")).to_be_visible()


def admin_creates_a_user(j: Journey) -> None:
    """The administrator opens an account for a coach in Kramfors, who then logs in."""
    page = j.person("admin")
    j.follow(page, "Administration", "Users", "New account")
    page.get_by_label(j.exact("Name")).fill("Nils Nyström")
    page.get_by_label(j.exact("Email")).fill("nils.nystrom@kramfors.example")
    page.get_by_label(j.exact("Organisation")).select_option(label="Kramfors")
    page.get_by_role("group", name=j.t("Roles")).get_by_label(j.t("Coach"), exact=True).check()
    page.get_by_label(j.exact("Language")).select_option(j.language)
    page.get_by_label(j.exact("Password")).fill("a long enough password")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The account %(email)s was created.", email="nils.nystrom@kramfors.example")
    j.log_in("new coach", "nils.nystrom@kramfors.example", "Nils Nyström", "a long enough password")


def coach_accepts_a_referral(j: Journey) -> None:
    """The coach opens the first referral waiting in the inbox and takes the case."""
    page = j.person("coach")
    j.follow(page, "Referrals")
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("Referral inbox"))
    waiting = page.get_by_role("table", name=re.compile(re.escape(j.t("Waiting for a coach"))))
    waiting.get_by_role("row").nth(1).get_by_role("link").click()
    page.get_by_role("button", name=j.t("Accept and take the case")).click()
    j.flash(page, "The referral was accepted and the case is assigned to you.")
    j.state["case_url"] = page.url


STEPS: list[Step] = [
    everyone_logs_in_and_accepts_the_terms,
    a_person_switches_language,
    admin_creates_a_municipality,
    admin_creates_a_user,
    coach_accepts_a_referral,
]
