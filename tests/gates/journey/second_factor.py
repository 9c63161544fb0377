"""A second factor: the new coach in Kramfors adds an authenticator app and signs in with its
code, and later, without the phone at hand, with a recovery code.

The "app" is pyotp, given the key the page shows as text beside the QR code. The live server
keeps the machine's clock (tests/clock.py), so a code is computed at `server_time()`, never at
the test process's fixed NOW. The server takes each 30-second step once, and also the step after
the current one (a code typed as it changes): a second code within the same step is the next
step's, as an app shows a moment later.
"""

from __future__ import annotations

import re

import pyotp
from playwright.sync_api import Page, expect

from tests.clock import server_time
from tests.gates.journey.base import Journey, catalogue


def _app_code(j: Journey) -> str:
    """The code the coach's app shows, for a step after the last one the server took."""
    app = pyotp.TOTP(j.state["secret"])
    step = int(server_time()) // app.interval
    if "last step" in j.state:
        step = max(step, j.state["last step"] + 1)
    j.state["last step"] = step
    return app.generate_otp(step)


def _heading(j: Journey, page: Page, message: str, **values) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t(message, **values))


def _to_the_app_page(j: Journey, page: Page) -> None:
    """From the header's link to the password page, on to the authenticator app."""
    j.follow(page, "Password", "Authenticator app")
    _heading(j, page, "Authenticator app")


def _second_step(j: Journey, code: str) -> Page:
    """The coach types the password, then `code`, and arrives home."""
    name, email = j.state["new coach"]
    page = j.type_password("new coach", email, j.state["passwords"][email])
    _heading(j, page, "Code from your authenticator app")
    page.get_by_label(j.exact("Code")).fill(code)
    page.get_by_role("button", name=j.exact("Log in")).click()
    _heading(j, page, "Welcome, %(name)s", name=name)
    return page


def a_person_enrols_a_second_factor_and_signs_in_with_it(j: Journey) -> None:
    """The new coach in Kramfors sets up an authenticator app with the key shown on the page,
    keeps the recovery codes, logs out, and logs in with the password and then a code."""
    name, email = j.state["new coach"]
    page = j.type_password("new coach", email, j.state["passwords"][email])
    _heading(j, page, "Welcome, %(name)s", name=name)
    _to_the_app_page(j, page)
    page.get_by_role("button", name=j.exact("Set up an authenticator app")).click()
    qr = page.get_by_role("img", name=j.t("QR code to scan with the authenticator app"))
    expect(qr).to_be_visible()
    key = page.get_by_text(
        j.t("If you cannot scan it, type this key in the app (time-based, six digits):")
    ).locator("xpath=following::code[1]")
    j.state["secret"] = re.sub(r"\s", "", key.inner_text())
    page.get_by_label(j.exact("Code")).fill(_app_code(j))
    page.get_by_role("button", name=j.exact("Turn on")).click()
    j.flash(page, "Your authenticator app is on. You will be asked for a code when you log in.")
    _heading(j, page, "Your recovery codes")
    codes = page.get_by_role("main").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10, codes
    j.state["recovery codes"] = [code.strip() for code in codes]
    j.follow(page, "I have saved the codes")
    expect(
        page.get_by_text(
            j.t("You are asked for a code from your authenticator app when you log in.")
        )
    ).to_be_visible()
    j.sign_out(page)
    j.sign_out(_second_step(j, _app_code(j)))


def the_person_signs_in_with_a_recovery_code(j: Journey) -> None:
    """Later, without the phone at hand, the coach in Kramfors logs in with one of the saved
    recovery codes; the page of the app then counts one code fewer."""
    page = _second_step(j, j.state["recovery codes"].pop(0))
    _to_the_app_page(j, page)
    left = len(j.state["recovery codes"])
    words = catalogue(j.language).ngettext(
        "You have %(num)d unused recovery code.", "You have %(num)d unused recovery codes.", left
    )
    expect(page.get_by_text(words % {"num": left})).to_be_visible()
    j.sign_out(page)
