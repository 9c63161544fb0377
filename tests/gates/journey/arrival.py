"""The first steps: everyone's first login, the language, the administrators' set-up, and the
coach taking a referral."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.gates.demo import ROLE_ACCOUNTS
from tests.gates.journey.base import DEMO_NAMES, LANGUAGE_NAMES, Journey, catalogue


def everyone_logs_in_and_accepts_the_terms(j: Journey) -> None:
    """Each demo person of the staff logs in for the first time, accepts the terms of use and
    logs out (the participant accepts no staff terms: see `portal`)."""
    for role, email in ROLE_ACCOUNTS.items():
        if role in DEMO_NAMES:
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


def system_admin_creates_a_municipality(j: Journey) -> None:
    """The system administrator adds Kramfors to the region."""
    page = j.sign_in("system_admin")
    j.follow(page, "Administration", "Municipalities", "New municipality")
    page.get_by_label(j.exact("Name")).fill("Kramfors")
    page.get_by_label(j.exact("Municipality code")).fill("2282")
    page.get_by_label(j.exact("Region (cooperation)")).fill("Västernorrland")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The municipality was saved.")
    expect(page.get_by_role("link", name="Kramfors")).to_be_visible()
    j.sign_out(page)


def _new_account(j: Journey, page, name: str, email: str, role: str) -> None:
    """Fill and save the new-account form for a person in Kramfors (no password: the person
    gets a welcome link by mail)."""
    j.follow(page, "Administration", "Users", "New account")
    page.get_by_label(j.exact("Name")).fill(name)
    page.get_by_label(j.exact("Email")).fill(email)
    page.get_by_label(j.exact("Organisation")).select_option(label="Kramfors")
    page.get_by_role("group", name=j.t("Roles")).get_by_label(j.t(role), exact=True).check()
    page.get_by_label(j.exact("Language")).select_option(j.language)
    expect(page.get_by_label(j.exact("Password"))).to_have_count(0)
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The account %(email)s was created.", email=email)
    j.flash(
        page,
        "A welcome mail with a link to choose a password has been sent to %(email)s; the link "
        "works for %(days)s days.",
        email=email,
        days=7,
    )


def _welcomed(j: Journey, who: str, name: str, email: str) -> Page:
    """The person opens the welcome link in their mail, chooses a password and logs in for the
    first time, accepting the terms."""
    password = f"{name.split()[0].lower()}s own long password"
    page = j.person(who)
    page.goto(j.mailed_link(email))
    j.speak(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("Choose your password"))
    page.get_by_label(j.exact("Password")).fill(password)
    page.get_by_label(j.exact("Repeat the password")).fill(password)
    page.get_by_role("button", name=j.exact("Save the password")).click()
    j.flash(page, "Your password is saved. Log in with it.")
    j.state.setdefault("passwords", {})[email] = password
    return j.log_in(who, email, name, password)


def administrators_open_accounts_in_kramfors(j: Journey) -> None:
    """The system administrator opens an account for Kramfors' municipality administrator,
    who chooses her password with the welcome link in her mail, logs in and opens one for a
    coach in Kramfors, who does the same."""
    page = j.sign_in("system_admin")
    admin = ("Ingrid Nordlund", "ingrid.nordlund@kramfors.example")
    _new_account(j, page, *admin, "Municipality administrator")
    j.sign_out(page)
    newcomer = _welcomed(j, "new admin", *admin)
    coach = ("Nils Nyström", "nils.nystrom@kramfors.example")
    _new_account(j, newcomer, *coach, "Coach")
    j.sign_out(newcomer)
    j.sign_out(_welcomed(j, "new coach", *coach))
    j.state["new coach"] = coach


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
