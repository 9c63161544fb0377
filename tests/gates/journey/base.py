"""The walk itself: one browser page per person, the run's language, and the moves every
step makes (logging in and out, following links, choosing, moving a case on)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel.support import NullTranslations, Translations
from playwright.sync_api import Locator, Page, expect

from app.config import AREAS
from tests.gates.browser import ROOT, LiveServer, new_page
from tests.gates.demo import PASSWORD, ROLE_ACCOUNTS
from tests.mailbox import link_in

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

    def type_password(self, who: str, email: str, password: str = PASSWORD) -> Page:
        """On the login page, type the email and the password and log in (what follows is the
        caller's: the terms, the code of a second factor, or home)."""
        page = self.person(who)
        page.goto("/login")
        self.speak(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(self.t("Log in to Validera"))
        page.get_by_label(self.exact("Email")).fill(email)
        page.get_by_label(self.exact("Password")).fill(password)
        page.get_by_role("button", name=self.exact("Log in")).click()
        self.speak(page)  # the account keeps its own language
        return page

    def log_in(self, who: str, email: str, name: str, password: str = PASSWORD) -> Page:
        """Log in through the login form, accept the terms, and arrive home."""
        page = self.type_password(who, email, password)
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

    def sign_in(self, who: str) -> Page:
        """`who` (a role of the demo accounts) logs in again, the terms already accepted."""
        page = self.person(who)
        page.goto("/login")
        self.speak(page)
        page.get_by_label(self.exact("Email")).fill(ROLE_ACCOUNTS[who])
        page.get_by_label(self.exact("Password")).fill(PASSWORD)
        page.get_by_role("button", name=self.exact("Log in")).click()
        self.speak(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            self.t("Welcome, %(name)s", name=DEMO_NAMES[who])
        )
        return page

    def sign_out(self, page: Page) -> None:
        """Log out with the header's button and arrive at the login page."""
        page.get_by_role("button", name=self.exact("Log out")).click()
        self.speak(page)  # the login page speaks the default language again
        expect(page.get_by_role("heading", level=1)).to_have_text(self.t("Log in to Validera"))

    def follow(self, page: Page, *links: str) -> None:
        """Follow links by their text, in order (the menu first, then the page's own)."""
        for link in links:
            page.get_by_role("link", name=self.exact(link)).first.click()

    def flash(self, page: Page, message: str, **values: Any) -> None:
        """The page confirms with `message`."""
        expect(page.locator(".flashes")).to_contain_text(self.t(message, **values))

    def mailed_link(self, email: str, count: int = 1) -> str:
        """The path of the link in the `count`th message the live server has written to `email`
        (it has no SMTP server: its mail goes to files, as under `make run`)."""
        return link_in(self.server.mail_to(email, count)[count - 1])


Step = Callable[[Journey], None]

DEMO_NAMES = {
    "admin": "Anna Administratör",
    "system_admin": "Sven Systemförvaltare",
    "coach": "Karin Lindqvist",
    "assessor": "Per Sjöberg",
    "internal_verifier": "Lena Åström",
    "employer": "Johan Berglund",
    "regional": "Erik Holm",
    "external_verifier": "Birgitta Ek",
    "manager": "Ingrid Forsberg",
}


def choose(select: Locator, containing: str) -> None:
    """Pick the option of `select` whose text contains `containing` (data, not translated)."""
    option = select.locator("option").filter(has_text=containing).first
    select.select_option(option.get_attribute("value"))


def open_case(j: Journey, page: Page) -> None:
    """From the menu, open the journey's case in the coach's list of cases."""
    j.follow(page, "Cases")
    page.get_by_role("link", name=j.state["participant"], exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(j.state["participant"])


def move_case(j: Journey, page: Page, verb: str) -> None:
    """Move the open case on with the "Next step" form, to the stage named by `verb`."""
    page.get_by_label(j.t(verb), exact=True).check()
    page.get_by_role("button", name=j.exact("Move case")).click()
    j.flash(page, "The case moved to a new stage.")


def case_tab(j: Journey, page: Page, tab: str) -> None:
    """Open a section of the case (its navigation in the case header)."""
    tabs = page.get_by_role("navigation", name=j.t("Sections of the case"), exact=True)
    tabs.get_by_role("link", name=j.exact(tab)).click()
