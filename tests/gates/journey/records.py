"""The participant's own records: the demo participant sees their certificate (downloads it,
and its check link shows it valid) and withdraws a consent after the confirmation, and their
coach is told."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from app.demo.portal import EMAIL
from tests.gates.journey.base import Journey
from tests.gates.journey.notifications import _notifications_link

FIRST_NAME = "Mikael"
WHAT_HAPPENS = (
    "From now on, employers cannot find you or see what you can do. Your coach gets a message."
)


def _participant_signs_in(j: Journey) -> Page:
    """The demo participant logs in with the demo password and arrives at My page."""
    page = j.type_password("participant", EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        j.t("Hello %(name)s!", name=FIRST_NAME)
    )
    return page


def participant_sees_their_certificate(j: Journey) -> None:
    """The participant opens My certificates and their certificate, downloads its PDF, and the
    link they would give an employer shows the certificate as valid."""
    page = _participant_signs_in(j)
    j.follow(page, "My certificates")
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("My certificates"))
    page.get_by_role("link", name=re.compile("^" + re.escape(j.t("Open the certificate")))).click()
    expect(
        page.get_by_role("img", name=j.t("QR code with the link to check the certificate"))
    ).to_be_visible()
    with page.expect_download() as download:
        link = "Download in Swedish (PDF)" if j.language == "sv" else "Download in English (PDF)"
        page.get_by_role("link", name=j.exact(link)).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    address = page.get_by_label(j.exact("Link to check the certificate")).input_value()
    assert "/verify/" in address, address
    page.goto(address)
    expect(page.get_by_role("status")).to_contain_text(
        j.t("Valid: this certificate was issued and has not been revoked")
    )
    page.go_back()
    j.sign_out(page)


def participant_withdraws_a_consent_and_the_coach_is_told(j: Journey) -> None:
    """The participant withdraws their consent to employers: the confirmation says what will
    happen, the withdrawal shows at once, and the coach finds the notification."""
    page = _participant_signs_in(j)
    j.follow(page, "My consents")
    section = page.locator("#consent-employers")
    expect(section).to_contain_text(j.t("Yes, you have said yes."))
    section.get_by_role(
        "link", name=re.compile("^" + re.escape(j.t("Withdraw this consent")))
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("Withdraw a consent"))
    expect(page.get_by_role("main")).to_contain_text(j.t(WHAT_HAPPENS))
    page.get_by_role("button", name=j.exact("Yes, withdraw my consent")).click()
    j.flash(page, "Your consent is withdrawn. Your coach has been told.")
    expect(page.locator("#consent-employers")).to_contain_text(j.t("No, you have withdrawn it."))
    j.sign_out(page)

    page = j.sign_in("coach")
    _notifications_link(j, page).click()
    before, _sep, after = j.t(
        "A participant withdrew a consent: case %(reference)s.", reference="\0"
    ).partition("\0")
    told = re.compile(re.escape(before) + r"#\d+" + re.escape(after))
    expect(page.get_by_role("link", name=told).first).to_be_visible()
    j.sign_out(page)
