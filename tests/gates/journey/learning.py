"""What I can do and my evidence: the demo participant answers for a learning outcome and sends
a photo from My pages; the coach, told of it, reads the answer beside their own judgement,
accepts the photo and refuses the earlier certificate with a reason the participant reads."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.demo.learning import SENT_TITLE
from app.demo.portal import EMAIL
from tests.gates.journey.base import Journey
from tests.mapping.test_uploads import PNG

PERSON, FIRST_NAME = "Mikael Öberg", "Mikael"
PHOTO, WHERE = "Foto av ett städat konferensrum", "Hotellet i Sundsvall, 2019–2023"
REASON = "Intyget saknar kursens omfattning. Be kursen om ett nytt intyg."


def _participant_signs_in(j: Journey):
    page = j.type_password("participant", EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        j.t("Hello %(name)s!", name=FIRST_NAME)
    )
    return page


def participant_says_what_they_can_do_and_sends_a_photo(j: Journey) -> None:
    """The participant answers for an outcome not answered yet (can do it, and where they
    learned it), then sends a photo that shows it; it waits for the coach."""
    page = _participant_signs_in(j)
    j.follow(page, "What I can do")
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("What I can do"))
    answer = page.locator(".can-do a").filter(has_text=re.compile("^" + re.escape(j.t("Answer"))))
    outcome = answer.first.text_content().split(": ", 1)[1].strip()
    j.state["own_outcome"] = outcome
    answer.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("Can you do this?"))
    page.get_by_role("group", name=j.t("Can you do this?")).get_by_label(
        j.t("Yes, I can do it"), exact=True
    ).check()
    page.get_by_label(j.exact("Where did you learn it?")).fill(WHERE)
    page.get_by_role("button", name=j.exact("Save my answer")).click()
    j.flash(page, "Your answer was saved.")
    expect(page.get_by_text(j.t("Learned: %(where)s", where=WHERE))).to_be_visible()

    j.follow(page, "My evidence")
    send = j.t("Send a photo or a document")  # "... for <framework>" when there are several
    page.get_by_role("link", name=re.compile("^" + re.escape(send))).first.click()
    page.get_by_label(j.exact("Photo or document")).set_input_files(
        {"name": "konferensrum.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_label(j.exact("What is it?")).fill(PHOTO)
    shows = page.get_by_role("group", name=j.t("What does it show that you can do?"))
    shows.get_by_label(re.compile(re.escape(outcome))).first.check()
    page.get_by_role("button", name=j.exact("Send")).click()
    j.flash(page, "Thank you! Your coach will look at it.")
    sent = page.locator("article").filter(has_text=PHOTO)
    expect(sent).to_contain_text(j.t("Waits for the coach"))
    j.sign_out(page)


def coach_accepts_the_photo_and_refuses_the_certificate(j: Journey) -> None:
    """The coach opens the notification, sees the participant's answer marked as theirs beside
    the coach's judgement, accepts the photo and refuses the certificate with a reason; the
    participant reads the reason on My pages."""
    page = j.sign_in("coach")
    page.get_by_role("link", name=re.compile("^" + re.escape(j.t("Notifications")))).click()
    told = j.t("A participant sent evidence to look at: case %(reference)s.", reference="")
    page.get_by_role("link", name=re.compile("^" + re.escape(told.rstrip(".")))).first.click()
    expect(page.get_by_role("heading", name=j.t("Evidence from the participant"))).to_be_visible()
    expect(page.get_by_text(j.t("Learned: %(where)s", where=WHERE))).to_be_visible()
    expect(page.get_by_text(j.t("From the participant")).first).to_be_visible()

    page.get_by_role("button", name=j.t("Accept %(title)s", title=PHOTO)).click()
    j.flash(page, "The evidence was accepted.")
    page.get_by_role("link", name=j.t("Refuse %(title)s", title=SENT_TITLE)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("Refuse evidence"))
    page.get_by_label(j.exact("Reason")).fill(REASON)
    page.get_by_role("button", name=j.exact("Refuse the evidence")).click()
    j.flash(page, "The evidence was refused. The participant can read why.")
    j.sign_out(page)

    page = _participant_signs_in(j)
    j.follow(page, "My evidence")
    expect(page.locator("article").filter(has_text=PHOTO)).to_contain_text(
        j.t("Your coach has accepted it. It is now part of your evidence.")
    )
    refused = page.locator("article").filter(has_text=SENT_TITLE)
    expect(refused).to_contain_text(j.t("Not accepted"))
    expect(refused).to_contain_text(REASON)
    j.sign_out(page)
