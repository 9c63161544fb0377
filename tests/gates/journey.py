"""The whole journey through the user interface, as the people would walk it.

`STEPS` lists the journey in order; each step is a function of the `Journey`, which holds one
browser page per person and what earlier steps left for later ones (`journey.state`). A step
acts only through what a person sees: links, buttons and labels found by their text in the
run's language (`journey.t("Save")` is "Spara" in the Swedish run). An area adds its part by
appending its steps here, after the steps it builds on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
from babel.support import NullTranslations, Translations
from playwright.sync_api import Locator, Page, expect

from app.config import AREAS
from app.db import today
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
    """Each demo person logs in for the first time, accepts the terms of use and logs out."""
    for role, email in ROLE_ACCOUNTS.items():
        j.sign_out(j.log_in(role, email, DEMO_NAMES[role]))


def a_person_switches_language(j: Journey) -> None:
    """The coach tries the other language and comes back; the choice stays with the account."""
    page = j.sign_in("coach")
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
    j.sign_out(page)


def admin_creates_a_municipality(j: Journey) -> None:
    """The administrator adds Kramfors to the region."""
    page = j.sign_in("admin")
    j.follow(page, "Administration", "Municipalities", "New municipality")
    page.get_by_label(j.exact("Name")).fill("Kramfors")
    page.get_by_label(j.exact("Municipality code")).fill("2282")
    page.get_by_label(j.exact("Region (cooperation)")).fill("Västernorrland")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The municipality was saved.")
    expect(page.get_by_role("link", name="Kramfors")).to_be_visible()
    j.sign_out(page)


def admin_creates_a_user(j: Journey) -> None:
    """The administrator opens an account for a coach in Kramfors, who then logs in."""
    page = j.sign_in("admin")
    j.follow(page, "Administration", "Users", "New account")
    page.get_by_label(j.exact("Name")).fill("Nils Nyström")
    page.get_by_label(j.exact("Email")).fill("nils.nystrom@kramfors.example")
    page.get_by_label(j.exact("Organisation")).select_option(label="Kramfors")
    page.get_by_role("group", name=j.t("Roles")).get_by_label(j.t("Coach"), exact=True).check()
    page.get_by_label(j.exact("Language")).select_option(j.language)
    page.get_by_label(j.exact("Password")).fill("a long enough password")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The account %(email)s was created.", email="nils.nystrom@kramfors.example")
    j.sign_out(page)
    newcomer = j.log_in(
        "new coach", "nils.nystrom@kramfors.example", "Nils Nyström", "a long enough password"
    )
    j.sign_out(newcomer)


def coach_accepts_a_referral(j: Journey) -> None:
    """The coach opens the first referral waiting in the inbox and takes the case."""
    page = j.sign_in("coach")
    j.follow(page, "Referrals")
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("Referral inbox"))
    waiting = page.get_by_role("table", name=re.compile(re.escape(j.t("Waiting for a coach"))))
    link = waiting.get_by_role("row").nth(1).get_by_role("link")
    j.state["participant"] = link.inner_text().strip()
    link.click()
    page.get_by_role("button", name=j.t("Accept and take the case")).click()
    j.flash(page, "The referral was accepted and the case is assigned to you.")
    j.state["case_url"] = page.url
    j.state["case_id"] = int(page.url.rstrip("/").rsplit("/", 1)[1])
    j.sign_out(page)


# The validation itself: the participant is mapped against the cleaning framework and
# validated in one unit that no demo candidate holds, so the employer's search finds them alone.
FRAMEWORK = "Lokalvård"
UNIT = "LOK-202"
ASSESSOR = "Per Sjöberg"
EMPLOYER = "Städ & Service i Härnösand AB"
NEED = "Lokalvårdare med kundkontakt"
EVIDENCE_FILE = "arbetsgivarintyg.pdf"
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


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
    """Open a tab of the case's navigation."""
    tabs = page.get_by_role("navigation", name=j.t("Case"), exact=True)
    tabs.get_by_role("link", name=j.exact(tab)).click()


def record_consent(j: Journey, page: Page, kind: str) -> None:
    """Record on the participant's page that the consent `kind` was given today."""
    page.get_by_label(j.exact("Consent")).select_option(label=j.t(kind))
    page.get_by_role("group", name=j.t("Given or withdrawn")).get_by_label(
        j.t("Given"), exact=True
    ).check()
    page.get_by_label(j.exact("Date")).fill(today().isoformat())
    page.get_by_role("button", name=j.exact("Record consent")).click()
    j.flash(page, "The consent was recorded.")
    row = page.get_by_role("row").filter(has_text=j.t(kind))
    expect(row).to_contain_text(j.t("Given"))


def coach_registers_the_participant_with_consent(j: Journey) -> None:
    """The coach starts the intake and records consent to registration and to employers."""
    page = j.sign_in("coach")
    open_case(j, page)
    move_case(j, page, "Start intake")
    case_tab(j, page, "Participant")
    record_consent(j, page, "Registration in Validera")
    record_consent(j, page, "Sharing the profile with employers")
    page.get_by_role("link", name=j.exact("Case %(number)s", number=j.state["case_id"])).click()
    move_case(j, page, "Start mapping")
    j.sign_out(page)


def coach_maps_the_case_with_evidence(j: Journey) -> None:
    """The coach maps the case against a framework, judges a unit ready and uploads evidence."""
    page = j.sign_in("coach")
    open_case(j, page)
    case_tab(j, page, "Mapping")
    choose(page.get_by_label(j.exact("Framework")), FRAMEWORK)
    page.get_by_role("button", name=j.exact("Start mapping")).click()
    expect(page.locator(".flashes")).to_contain_text(FRAMEWORK)
    page.get_by_role("link", name=j.t("Record the mapping of %(code)s", code=UNIT)).click()
    for group in page.get_by_role("group", name=j.t("The participant's own view")).all():
        group.get_by_label(j.t("Done on my own"), exact=True).check()
    for group in page.get_by_role("group", name=j.t("Coach's judgement")).all():
        group.get_by_label(j.t("Ready for assessment"), exact=True).check()
    for group in page.get_by_role("group", name=j.t("Where the competence comes from")).all():
        group.get_by_label(j.t("Work in Sweden"), exact=True).check()
    page.get_by_role("button", name=j.t("Save the mapping of %(code)s", code=UNIT)).click()
    j.flash(page, "The mapping of %(code)s was saved.", code=UNIT)
    page.get_by_role("link", name=j.exact("Add evidence")).click()
    page.get_by_role("group", name=j.t("Kind of evidence")).get_by_label(
        j.t("File"), exact=True
    ).check()
    page.get_by_label(j.exact("Title")).fill("Arbetsgivarintyg")
    # the file field is the "File" that is not the radio button of the same name
    page.get_by_label(j.exact("File")).and_(page.get_by_role("button")).set_input_files(
        {"name": EVIDENCE_FILE, "mimeType": "application/pdf", "buffer": EVIDENCE_PDF}
    )
    shows = page.get_by_role("group", name=j.t("Learning outcomes it shows"))
    shows.get_by_label(re.compile(f"^{UNIT} ")).first.check()
    page.get_by_role("button", name=j.exact("Add evidence")).click()
    j.flash(page, "The evidence was added.")
    with page.expect_download() as download:
        page.get_by_role("link", name=j.t("Download %(name)s", name=EVIDENCE_FILE)).click()
    assert Path(download.value.path()).read_bytes() == EVIDENCE_PDF
    page.get_by_role("link", name=j.exact("Back to the case")).click()
    move_case(j, page, "Send to assessment")
    j.sign_out(page)


def plan_assessment(j: Journey, page: Page, kind: str, place: str) -> None:
    """Plan one assessment of the unit with the demo assessor, from the case's assessments."""
    page.get_by_role("link", name=j.exact("Plan an assessment")).click()
    page.get_by_role("group", name=j.t("Units")).get_by_label(re.compile(UNIT)).check()
    page.get_by_role("group", name=j.t("Kind of assessment")).get_by_label(
        j.t(kind), exact=True
    ).check()
    if kind == "Theoretical":
        page.get_by_role("group", name=j.t("Form of the theoretical test")).get_by_label(
            j.t("Written test"), exact=True
        ).check()
    page.get_by_label(j.exact("Place")).fill(place)
    page.get_by_label(j.exact("Date")).fill(today().isoformat())
    choose(page.get_by_label(j.exact("Assessor")), ASSESSOR)
    page.get_by_role("button", name=j.exact("Plan the assessment")).click()
    j.flash(page, "The assessment was planned.")
    page.get_by_role("link", name=j.exact("Back to the case's assessments")).click()


def coach_plans_a_practical_and_a_theoretical_assessment(j: Journey) -> None:
    """The coach plans a practical assessment at a workplace and a written test."""
    page = j.sign_in("coach")
    open_case(j, page)
    case_tab(j, page, "Assessments")
    plan_assessment(j, page, "Practical", EMPLOYER)
    plan_assessment(j, page, "Theoretical", "Jobbcentrum, sal 2")
    attempts = page.get_by_role("table", name=j.t("Every attempt"))
    expect(attempts.get_by_role("row")).to_have_count(3)
    j.sign_out(page)


def open_assessment(j: Journey, page: Page, kind: str) -> None:
    """The assessor opens their assessment of the journey's participant of kind `kind`."""
    j.follow(page, "Assessments")
    mine = page.get_by_role("table", name=j.t("Assessments assigned to me"))
    row = mine.get_by_role("row").filter(has_text=j.state["participant"])
    row.filter(has_text=j.t(kind)).get_by_role("link").click()


def assessor_records_the_results_and_decides(j: Journey) -> None:
    """The assessor records the practical and the theoretical results, decides the unit and
    signs the recommendation for award of credit."""
    page = j.sign_in("assessor")
    open_assessment(j, page, "Practical")
    page.get_by_role("link", name=j.exact("Record results")).click()
    for met in page.get_by_label(j.t("Met"), exact=True).all():
        met.check()
    page.get_by_role("button", name=j.exact("Save the results")).click()
    j.flash(page, "The results were saved.")
    open_assessment(j, page, "Theoretical")
    page.get_by_role("link", name=j.exact("Record results")).click()
    page.get_by_label(j.exact("Score")).fill("18")
    page.get_by_label(j.exact("Pass mark")).fill("14")
    page.get_by_label(j.exact("Maximum score")).fill("20")
    for met in page.get_by_label(j.t("Met"), exact=True).all():
        met.check()
    page.get_by_role("button", name=j.exact("Save the results")).click()
    j.flash(page, "The results were saved.")
    page.get_by_role("link", name=j.t("Decide on %(unit)s", unit=UNIT)).click()
    expect(
        page.get_by_role("group", name=j.t("Decision")).get_by_label(j.t("Achieved"), exact=True)
    ).to_be_checked()
    page.get_by_role("button", name=j.exact("Confirm the decision")).click()
    j.flash(page, "The decision was confirmed.")
    page.get_by_role("link", name=j.exact("Recommendation for award of credit")).click()
    page.get_by_role("button", name=j.exact("Sign the recommendation")).click()
    j.flash(page, "You signed the recommendation; the decisions went to verification.")
    j.sign_out(page)


def verifier_verifies_the_decision(j: Journey) -> None:
    """The internal verifier finds the decision in the queue and verifies it."""
    page = j.sign_in("internal_verifier")
    j.follow(page, "Verification")
    queue = page.get_by_role("table", name=j.t("Decisions waiting for verification"))
    queue.get_by_role("row").filter(has_text=j.state["participant"]).get_by_role("link").click()
    page.get_by_role("button", name=j.exact("Verify the decision")).click()
    j.flash(page, "The decision was verified.")
    j.sign_out(page)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def coach_issues_the_certificate_and_downloads_it(j: Journey) -> None:
    """The coach moves the case through quality assurance, issues the certificate and
    downloads its PDF, which names the participant."""
    page = j.sign_in("coach")
    open_case(j, page)
    move_case(j, page, "Send to quality assurance")
    move_case(j, page, "Mark as certified")
    case_tab(j, page, "Certificates")
    page.get_by_role("button", name=j.exact("Issue certificate")).click()
    expect(page.locator(".flashes")).to_be_visible()
    heading = page.get_by_role("heading", level=1).inner_text()
    j.state["certificate"] = re.search(r"VAL-\d{4}-\d+", heading).group(0)
    j.flash(page, "Certificate %(number)s is issued.", number=j.state["certificate"])
    pdf_link = "PDF in Swedish" if j.language == "sv" else "PDF in English"
    with page.expect_download() as download:
        page.get_by_role("link", name=j.exact(pdf_link)).click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF-"), "the certificate download is not a PDF"
    assert j.state["participant"] in pdf_text(content), "the PDF does not name the participant"
    address = page.get_by_role("link", name=re.compile(r"^http.*verify")).get_attribute("href")
    j.state["verification_code"] = address.rstrip("/").rsplit("/", 1)[1]
    j.sign_out(page)


def anyone_checks_the_certificate(j: Journey) -> None:
    """Someone without an account checks the certificate's number and code: it is valid."""
    page = j.person("public")
    page.goto("/login")
    j.speak(page)
    page.get_by_role("link", name=j.exact("Check a certificate")).click()
    page.get_by_label(j.exact("Certificate number")).fill(j.state["certificate"])
    page.get_by_label(j.exact("Verification code")).fill(j.state["verification_code"])
    page.get_by_role("button", name=j.exact("Check certificate")).click()
    expect(page.get_by_role("status")).to_contain_text(
        j.t("Valid: this certificate was issued and has not been revoked")
    )
    expect(page.get_by_role("main")).to_contain_text(j.state["participant"])


def coach_starts_matching(j: Journey) -> None:
    """The coach moves the case to matching and notes the pseudonym employers will see."""
    page = j.sign_in("coach")
    open_case(j, page)
    move_case(j, page, "Start matching")
    j.follow(page, "Candidates")
    row = page.get_by_role("row").filter(has_text=j.state["participant"])
    expect(row).to_contain_text(j.t("Yes"))
    j.state["pseudonym"] = re.search(r"K-[0-9A-F]{6}", row.inner_text()).group(0)
    j.sign_out(page)


def employer_finds_the_candidate_and_asks_for_an_introduction(j: Journey) -> None:
    """The employer describes a competence need, finds the pseudonymised candidate (no name
    shown) and asks for an introduction."""
    page = j.sign_in("employer")
    j.follow(page, "Competence needs", "New competence need")
    page.get_by_label(j.exact("Title")).fill(NEED)
    choose(page.get_by_label(j.exact("Required units (must have)")), UNIT)
    page.get_by_label(j.exact("Number of positions")).fill("2")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The competence need was saved.")
    if page.get_by_role("heading", level=1).inner_text().strip() != NEED:
        page.get_by_role("link", name=NEED, exact=True).click()
    page.get_by_role("link", name=j.exact("Matching candidates")).click()
    main = page.get_by_role("main")
    expect(main).not_to_contain_text(j.state["participant"])
    page.get_by_role("link", name=j.state["pseudonym"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(j.state["pseudonym"])
    expect(main).to_contain_text(UNIT)
    expect(main).not_to_contain_text(j.state["participant"])
    choose(page.get_by_label(j.exact("For the need")), NEED)
    page.get_by_label(j.exact("Message to the coach")).fill("Vi vill gärna träffas en förmiddag.")
    page.get_by_role("button", name=j.exact("Ask for an introduction")).click()
    j.flash(page, "The introduction was requested. The coach will ask the candidate.")
    j.sign_out(page)


def open_introduction(j: Journey, page: Page) -> None:
    """Open the introduction for the journey's need from the menu's list of introductions."""
    j.follow(page, "Introductions")
    page.get_by_role("row").filter(has_text=NEED).get_by_role("link").click()


def coach_records_the_acceptance(j: Journey) -> None:
    """The coach asks the participant, who accepts, and shares a phone number."""
    page = j.sign_in("coach")
    open_introduction(j, page)
    expect(page.get_by_role("main")).to_contain_text(j.state["participant"])
    page.get_by_role("button", name=j.exact("Mark as asked")).click()
    j.flash(page, "Marked as asked.")
    page.get_by_label(j.exact("Contact the participant chose to share")).fill("070-123 45 67")
    page.get_by_role("button", name=j.exact("Record acceptance")).click()
    j.flash(page, "The introduction was accepted.")
    j.sign_out(page)


def employer_sees_the_name(j: Journey) -> None:
    """Now that the participant accepted, the employer sees the name and the contact."""
    page = j.sign_in("employer")
    open_introduction(j, page)
    expect(page.get_by_role("heading", name=j.t("The candidate accepted"))).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(j.state["participant"])
    expect(page.get_by_role("main")).to_contain_text("070-123 45 67")
    j.sign_out(page)


def coach_records_a_placement_and_closes_the_case(j: Journey) -> None:
    """The coach records the employment at the employer, then closes the case as employed."""
    page = j.sign_in("coach")
    j.follow(page, "Candidates")
    row = page.get_by_role("row").filter(has_text=j.state["participant"])
    row.get_by_role("link", name=j.exact("New placement")).click()
    choose(page.get_by_label(j.exact("Employer")), EMPLOYER)
    choose(page.get_by_label(j.exact("Competence need")), NEED)
    page.get_by_label(j.exact("Start date")).fill(today().isoformat())
    page.get_by_label(j.exact("Hours per week")).fill("40")
    page.get_by_label(j.exact("Workplace supervisor")).fill("Lars Berg")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The placement was recorded.")
    open_case(j, page)
    expect(page.locator(".stage-badge")).to_have_text(j.t("Placed"))
    page.get_by_role("link", name=j.exact("Close case")).click()
    page.get_by_label(j.exact("Outcome")).select_option(label=j.t("Employed"))
    page.get_by_label(j.exact("Labour-market status at exit")).select_option(label=j.t("Employed"))
    page.get_by_role("button", name=j.exact("Close case")).click()
    j.flash(page, "The case is closed.")
    expect(page.locator(".stage-badge")).to_have_text(j.t("Case closed"))
    j.sign_out(page)


STEPS: list[Step] = [
    everyone_logs_in_and_accepts_the_terms,
    a_person_switches_language,
    admin_creates_a_municipality,
    admin_creates_a_user,
    coach_accepts_a_referral,
    coach_registers_the_participant_with_consent,
    coach_maps_the_case_with_evidence,
    coach_plans_a_practical_and_a_theoretical_assessment,
    assessor_records_the_results_and_decides,
    verifier_verifies_the_decision,
    coach_issues_the_certificate_and_downloads_it,
    anyone_checks_the_certificate,
    coach_starts_matching,
    employer_finds_the_candidate_and_asks_for_an_introduction,
    coach_records_the_acceptance,
    employer_sees_the_name,
    coach_records_a_placement_and_closes_the_case,
]
