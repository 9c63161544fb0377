"""From intake to a certificate anyone can check: consent, mapping with evidence, a practical
and a theoretical assessment, the decision, internal verification and the certificate."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
from playwright.sync_api import Page, expect

from tests.clock import server_today as today
from tests.gates.journey.base import Journey, case_tab, choose, move_case, open_case

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
    page.get_by_role("link", name=j.exact("Participant details")).click()
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
    case_tab(j, page, "Overview")
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
    """The coach moves the case through quality assurance, checks the certificate as it will be,
    issues it and downloads its PDF, which names the participant."""
    page = j.sign_in("coach")
    open_case(j, page)
    move_case(j, page, "Send to quality assurance")
    move_case(j, page, "Mark as certified")
    case_tab(j, page, "Certificates")
    page.get_by_role("button", name=j.exact("Check and issue the certificate")).click()
    # The confirmation shows the certificate as it will be before anything is stored.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert j.state["participant"] in page.locator("main").inner_text()
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
