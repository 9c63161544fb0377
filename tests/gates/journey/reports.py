"""Statistics: an ESF project, the journey's case in it, the ESF list and the regional view."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.gates.journey.base import Journey, case_tab, choose

PROJECT = "2025/00456"


def admin_adds_an_esf_project_and_the_coach_tags_the_case(j: Journey) -> None:
    """The administrator adds an ESF project of the region; the coach tags the case with it."""
    from tests.clock import server_today as today

    page = j.sign_in("admin")
    j.follow(page, "Administration", "Funding projects", "Add a funding project")
    page.get_by_label(j.exact("Name")).fill("Validering för fler")
    page.get_by_label(j.exact("Project identity")).fill(PROJECT)
    page.get_by_label(j.t("Funded by the European Social Fund (ESF)")).check()
    page.get_by_label(j.t("The region %(name)s", name="Västernorrland")).check()
    page.get_by_label(j.exact("Start date")).fill("2025-01-01")
    page.get_by_role("button", name=j.exact("Save")).click()
    j.flash(page, "The funding project was saved.")
    j.sign_out(page)

    page = j.sign_in("coach")
    page.goto(j.state["case_url"])  # closed by now, so no longer in the list of cases
    case_tab(j, page, "Funding projects")
    choose(page.get_by_label(j.exact("Funding project")), PROJECT)
    page.get_by_label(j.exact("Start date")).fill(today().isoformat())
    page.get_by_role("button", name=j.exact("Tag the case")).click()
    j.flash(page, "The case was tagged with the funding project.")
    expect(page.get_by_role("main")).to_contain_text(PROJECT)
    j.sign_out(page)


def admin_makes_the_esf_list(j: Journey) -> None:
    """The administrator makes this month's ESF list for Statistics Sweden and downloads it."""
    from tests.clock import server_today as today

    page = j.sign_in("admin")
    j.follow(page, "Statistics", "ESF participant list for Statistics Sweden")
    page.get_by_label(j.exact("Month")).fill(f"{today():%Y-%m}")
    choose(page.get_by_label(j.exact("Funding project")), PROJECT)
    page.get_by_role("button", name=j.exact("Make the list")).click()
    expect(page.locator("#export-status")).to_contain_text(j.t("Ready"))
    with page.expect_download() as download:
        page.get_by_role("link", name=j.t("Download %(name)s", name="")).click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith(j.t("Personal number")), lines[0]
    assert len(lines) == 2 and PROJECT in lines[1], lines
    j.sign_out(page)


def regional_reader_sees_the_region_without_names(j: Journey) -> None:
    """The regional reader sees the region's statistics, small figures hidden, no names."""
    page = j.sign_in("regional")
    j.follow(page, "Statistics")
    expect(page.get_by_role("heading", level=1)).to_have_text(j.t("Statistics"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("<5")
    expect(main).not_to_contain_text(j.state["participant"])
    expect(page.get_by_role("img", name=j.t("Cases by stage now"))).to_be_visible()
    page.get_by_role("button", name=j.exact("Export every table (Excel)")).click()
    expect(page.locator("#export-status")).to_contain_text(j.t("Ready"))
    j.sign_out(page)
