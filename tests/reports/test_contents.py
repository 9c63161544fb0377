"""The statistics page on a phone: a contents list that reaches every section and table and
back, tables in focusable regions with a hint to scroll, months that never break."""

from __future__ import annotations

import re

import pytest

from tests.conftest import WEAK_HASHER


@pytest.fixture(scope="session")
def app(demo_app):
    """The demo data, loaded once per process into a database of its own."""
    return demo_app


@pytest.fixture
def page(client, monkeypatch) -> str:
    monkeypatch.setattr("app.auth.services._hasher", WEAK_HASHER)
    client.login("coach@example.org", password="validera-demo")
    client.post("/language", data={"language": "en", "next": "/"})
    return client.get("/reports/").get_data(as_text=True)


def test_the_contents_link_to_every_section_and_table_and_back(page):
    contents = page.split('id="contents"', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'href="#([\w-]+)"', contents)
    sections = re.findall(r'<section id="(section-[\w-]+)"', page)
    tables = re.findall(r'<table class="report-table" id="(table-[\w-]+)"', page)
    assert sections and tables
    assert set(targets) == set(sections) | set(tables)
    assert page.count('href="#contents"') == len(sections)


def test_every_table_scrolls_in_a_focusable_region_with_a_hint(page):
    regions = re.findall(r'<div class="table-wrap" tabindex="0" role="region" aria-\w+="', page)
    assert len(regions) == page.count('<table class="report-table"')
    assert page.count("Scroll sideways for more columns") == len(regions)


def test_months_are_marked_so_they_never_break(page):
    months = re.findall(r'<(?:th scope="row"|th scope="col"|td) class="month">(\d{4}-\d{2})<', page)
    assert months, "the demo's referrals per month show no month"
