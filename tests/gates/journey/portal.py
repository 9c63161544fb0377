"""My pages: the coach gives the demo participant a code in person, and the participant signs in
with it and finds their next meeting and their plan."""

from __future__ import annotations

from playwright.sync_api import expect

from app.demo.portal import SHARED_NOTE
from tests.gates.journey.base import Journey

PERSON, FIRST_NAME = "Mikael Öberg", "Mikael"


def participant_signs_in_with_the_coachs_code_and_sees_their_plan(j: Journey) -> None:
    """The coach makes a code on the participant's page; the participant signs in with it, sees
    their next meeting, their plan and the note the coach shared, and logs out."""
    page = j.sign_in("coach")
    j.follow(page, "Cases")
    page.get_by_role("link", name=PERSON, exact=True).first.click()
    j.follow(page, "Participant details")
    page.get_by_role("button", name=j.exact("Make a code to give in person")).click()
    code = page.locator(".code-shown").inner_text().strip()
    j.sign_out(page)

    person = j.person("participant")
    person.goto("/login")
    j.speak(person)
    j.follow(person, "Are you a participant? Sign in to My pages.")
    j.follow(person, "I have a code from my coach")
    person.get_by_label(j.exact("Code from your coach")).fill(code.lower())
    person.get_by_role("button", name=j.exact("Sign in")).click()
    heading = person.get_by_role("heading", level=1)
    expect(heading).to_have_text(j.t("Hello %(name)s!", name=FIRST_NAME))
    expect(person.get_by_role("heading", name=j.t("Your next meeting"))).to_be_visible()
    j.follow(person, "My plan")
    expect(heading).to_have_text(j.t("My plan"))
    expect(person.get_by_text("Validera enheterna inom lokalvård")).to_be_visible()
    expect(person.get_by_text(SHARED_NOTE)).to_be_visible()
    j.sign_out(person)
