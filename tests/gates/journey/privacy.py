"""Data protection: the administrator reviews the month's access log and the retention rule."""

from __future__ import annotations

from tests.gates.journey.base import Journey


def admin_reviews_the_access_log_and_sets_the_retention_rule(j: Journey) -> None:
    """The month's log is marked as reviewed; the municipality keeps closed cases six years."""
    from tests.clock import server_today as today

    page = j.sign_in("admin")
    j.follow(page, "Administration", "Data protection")
    page.locator(f'a[href="/admin/privacy/review?month={today():%Y-%m}"]').click()
    page.get_by_label(j.exact("Comment")).fill("Inga avvikelser; flaggorna gällde vikariat.")
    page.get_by_role("button", name=j.exact("Mark as reviewed")).click()
    j.flash(page, "The month was marked as reviewed.")
    j.follow(page, "Back to data protection", "Retention rule and participants due")
    page.get_by_label(j.exact("Years after the case's last entry")).fill("6")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The retention rule was saved.")
    j.sign_out(page)
