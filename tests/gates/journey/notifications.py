"""What comes to people by itself: the coach told of a new referral (in the header, in the list
and by mail), and the assessor's mail about a planned assessment with its calendar invitation."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.clock import server_today as today
from tests.gates.demo import ROLE_ACCOUNTS
from tests.gates.journey.base import Journey
from tests.mailbox import calendar_part, text_of

NEWCOMER = ("19790314-1005", "Sara", "Öhrvall")


def _notifications_link(j: Journey, page: Page):
    """The header's link to the notifications, whose name ends with the unread count."""
    return page.get_by_role("link", name=re.compile(r"^" + re.escape(j.t("Notifications"))))


def admin_registers_a_referral_and_the_coach_is_told(j: Journey) -> None:
    """The administrator registers a referral that came by post; the coach sees the unread
    count in the header, opens the notification and lands on the referral, which is marked
    read, and has the same news by mail, without the person's name or number."""
    page = j.sign_in("admin")
    j.follow(page, "Referrals", "Register a referral")
    number, first, last = NEWCOMER
    page.get_by_label(j.exact("Personal identity or coordination number")).fill(number)
    page.get_by_label(j.exact("First name")).fill(first)
    page.get_by_label(j.exact("Last name")).fill(last)
    page.get_by_label(j.exact("Source")).select_option(label=j.t("Social services"))
    page.get_by_label(j.exact("Date of referral")).fill(today().isoformat())
    page.get_by_label(j.exact("Reason for the referral")).fill("Behöver stöd mot arbete.")
    page.get_by_role("button", name=j.exact("Send to the inbox")).click()
    j.flash(page, "The referral is waiting in the inbox.")
    referral_path = page.url.split("://", 1)[1].split("/", 1)[1]
    reference = "#" + re.search(r"referrals/(\d+)", page.url).group(1)
    j.sign_out(page)

    page = j.sign_in("coach")
    link = _notifications_link(j, page)
    expect(link).to_contain_text(re.compile(r"\d"))  # the badge with the unread count
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("Notifications"))
    told = j.t(
        "A new referral waits in your municipality's inbox: %(reference)s.", reference=reference
    )
    page.get_by_role("link", name=told).first.click()
    expect(page).to_have_url(re.compile(re.escape(referral_path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(first)
    _notifications_link(j, page).click()
    expect(page.get_by_role("link", name=told).first).to_be_visible()
    expect(page.locator("li.unread").filter(has_text=told)).to_have_count(0)
    j.sign_out(page)

    mail = [
        message
        for message in j.server.mail_to(ROLE_ACCOUNTS["coach"])
        if reference in message["Subject"]
    ]
    assert len(mail) == 1, [message["Subject"] for message in mail]
    body = text_of(mail[0])
    assert referral_path in body, body
    assert first not in body and last not in body and number not in body, body
    assert last not in mail[0]["Subject"]


def the_assessor_has_the_planned_assessments_by_mail_with_invitations(j: Journey) -> None:
    """The assessor's mail about each of the two planned assessments carries an invitation
    for the calendar (METHOD:REQUEST) that names no participant."""
    subject = j.t("An assessment with you as assessor was planned: %(reference)s.", reference="")
    subject = subject.rstrip(".").strip()
    planned = [
        message
        for message in j.server.mail_to(ROLE_ACCOUNTS["assessor"], count=2)
        if subject.rstrip(":") in message["Subject"]
    ]
    assert len(planned) >= 2, [message["Subject"] for message in planned]
    for message in planned[-2:]:
        invitation = calendar_part(message).get_content()
        assert "METHOD:REQUEST" in invitation and "BEGIN:VEVENT" in invitation
        assert j.state["participant"].split()[-1] not in invitation
