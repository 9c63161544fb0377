"""From the certificate to a job: matching under a pseudonym, the introduction the participant
accepts, the placement, and the case closed."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.clock import server_today as today
from tests.gates.journey.base import Journey, choose, move_case, open_case
from tests.gates.journey.validation import EMPLOYER, NEED, UNIT


def coach_starts_matching(j: Journey) -> None:
    """The coach moves the case to matching; the participant is shown to employers."""
    page = j.sign_in("coach")
    open_case(j, page)
    move_case(j, page, "Start matching")
    j.follow(page, "Candidates")
    row = page.get_by_role("row").filter(has_text=j.state["participant"])
    expect(row).to_contain_text(j.t("Yes"))
    expect(row).not_to_contain_text(re.compile(r"K-[0-9A-F]{6}"))  # employers' names differ
    j.sign_out(page)


def employer_describes_a_need(j: Journey) -> None:
    """The employer describes a competence need for the unit the participant achieved."""
    page = j.sign_in("employer")
    j.follow(page, "Competence needs", "New competence need")
    page.get_by_label(j.exact("Title")).fill(NEED)
    page.get_by_label(j.exact("Filter units")).fill(UNIT)  # the other units are hidden
    unit = page.locator(".unit-choice").filter(has_text=UNIT)
    expect(page.locator(".unit-choice:visible")).to_have_count(1)
    unit.get_by_label(j.exact("Required")).check()
    page.get_by_label(j.exact("Number of positions")).fill("2")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The competence need was saved.")
    j.sign_out(page)


def coach_finds_the_pseudonym_the_employer_knows(j: Journey) -> None:
    """The coach sees the need among those that fit the participant, with the pseudonym under
    which that employer (and only that employer) knows the participant."""
    page = j.sign_in("coach")
    j.follow(page, "Candidates")
    row = page.get_by_role("row").filter(has_text=j.state["participant"])
    row.get_by_role("link", name=j.exact("Needs that fit")).click()
    row = page.get_by_role("row").filter(has_text=NEED)
    expect(row).to_contain_text(EMPLOYER)
    j.state["pseudonym"] = re.search(r"K-[0-9A-F]{6}", row.inner_text()).group(0)
    j.sign_out(page)


def employer_finds_the_candidate_and_asks_for_an_introduction(j: Journey) -> None:
    """The employer finds the pseudonymised candidate for the need (no name shown, no id in the
    address) and asks for an introduction."""
    page = j.sign_in("employer")
    j.follow(page, "Competence needs")
    page.get_by_role("link", name=NEED, exact=True).first.click()
    page.get_by_role("link", name=j.exact("Matching candidates")).click()
    main = page.get_by_role("main")
    expect(main).not_to_contain_text(j.state["participant"])
    page.get_by_role("link", name=j.state["pseudonym"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(j.state["pseudonym"])
    expect(page).to_have_url(re.compile(r"/employers/candidates/[A-Za-z0-9_-]{32}(\?|$)"))
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
