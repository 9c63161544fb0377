"""Every page of a case has one layout: the same case header and sections, the current section
marked, one back link, and the main menu's item the page belongs to; on paper the plan carries
the confidentiality line and the signatures (print.css, linked for print, hides the rest)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.cases.models import Referral
from app.cases.workflow import Stage
from app.extensions import db
from app.vocab import Role
from tests.assessments.factories import plan
from tests.cases.factories import make_case, make_participant
from tests.clock import TODAY
from tests.frameworks.factories import make_framework

ROOT = Path(__file__).resolve().parents[2]
SECTIONS_LABEL = "Sections of the case"


class Links(HTMLParser):
    """The links of each <nav> (by its aria-label), with their aria-current, and the classes
    and ids seen."""

    def __init__(self) -> None:
        super().__init__()
        self.navs: dict[str, list[tuple[str, str | None, str]]] = {}
        self.classes: list[str] = []
        self.ids: set[str] = set()
        self.back_links = 0
        self._nav: str | None = None
        self._link: list | None = None
        self._in_back = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.extend((attrs.get("class") or "").split())
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if "back-link" in (attrs.get("class") or "").split():
            self.back_links += 1
        if tag == "nav":
            self._nav = attrs.get("aria-label")
            self.navs.setdefault(self._nav, [])
        elif tag == "a" and self._nav is not None:
            self._link = [attrs.get("href"), attrs.get("aria-current"), ""]

    def handle_data(self, data):
        if self._link is not None:
            self._link[2] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            href, current, text = self._link
            self.navs[self._nav].append((href, current, text.strip()))
            self._link = None
        elif tag == "nav":
            self._nav = None


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def _english(client):
    client.post("/language", data={"language": "en", "next": "/"})


@pytest.fixture
def case(world):
    return make_case(world["coach"], make_participant(world.home))


def _pages(case) -> dict[str, str]:
    """Each section page of the case: its address, and the address its section links to."""
    return {
        f"/cases/{case.id}": f"/cases/{case.id}",
        f"/cases/{case.id}/journal": f"/cases/{case.id}/journal",
        f"/cases/{case.id}/plan": f"/cases/{case.id}/plan",
        f"/cases/{case.id}/adaptations": f"/cases/{case.id}/adaptations",
        f"/mapping/cases/{case.id}": f"/mapping/cases/{case.id}",
        f"/assessments/cases/{case.id}": f"/assessments/cases/{case.id}",
        f"/certificates/case/{case.id}": f"/certificates/case/{case.id}",
        f"/reports/cases/{case.id}/funding": f"/reports/cases/{case.id}/funding",
        f"/cases/{case.id}/details": f"/cases/{case.id}",  # a page of the overview's section
        # Pages of other areas that act on the case, in the section a coach reaches them from.
        f"/assessments/cases/{case.id}/new": f"/assessments/cases/{case.id}",
        f"/assessments/cases/{case.id}/training": f"/assessments/cases/{case.id}",
        f"/employers/cases/{case.id}/placements/new": f"/cases/{case.id}",  # moves the case
    }


def test_every_page_of_a_case_shows_the_same_sections_with_its_own_marked(client, world, case):
    client.login(world["coach"])
    _english(client)
    seen_sections = None
    for url, section in _pages(case).items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = parse(response.get_data(as_text=True))
        assert "case-header" in page.classes, url
        sections = page.navs[SECTIONS_LABEL]
        hrefs = [href for href, _current, _text in sections]
        assert seen_sections is None or hrefs == seen_sections, url
        seen_sections = hrefs
        marked = [(href, current) for href, current, _text in sections if current]
        expected = "page" if url == section else "true"
        assert marked == [(section, expected)], url
        menu = page.navs["Main menu"]
        assert [text for _href, current, text in menu if current] == ["Cases"], url
        assert page.back_links == 1, url
    assert len(seen_sections) == 8  # overview, journal, plan, adaptations, mapping, ...


@pytest.fixture
def unit():
    return make_framework(units=1, outcomes=1, criteria=1).units[0]


@pytest.fixture
def assessed(world, case, unit):
    """The case in assessment, with an assessment of `unit` planned for `world["assessor"]`."""
    case.stage = Stage.ASSESSMENT
    plan(case, world["assessor"], [unit])
    return case


def test_the_assessor_signs_the_recommendation_under_one_back_link_and_no_case_sections(
    client, world, assessed
):
    """The assessor may not open the case's own pages (app/assessments/hooks.py): the page
    has the one back link, to their menu item, and no sections leading to pages they may not
    open."""
    client.login(world["assessor"])
    _english(client)
    response = client.get(f"/assessments/cases/{assessed.id}/recommendation")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = parse(html)
    assert page.back_links == 1
    assert '<a href="/assessments/"><span aria-hidden="true">←</span> Back to Assessments' in html
    assert SECTIONS_LABEL not in page.navs and "case-header" not in page.classes
    assert f'href="/cases/{assessed.id}' not in html
    menu = page.navs["Main menu"]
    assert [text for _href, current, text in menu if current] == ["Assessments"]


def test_the_recommendation_shows_the_case_header_to_an_assessor_who_may_open_the_case(
    client, world, assessed, unit, make_user
):
    """A coach of the municipality who also assesses (never the participant's coach) sees the
    case's pages, so the recommendation stands under the case header, in its assessments."""
    dual = make_user(Role.COACH, Role.ASSESSOR, municipality=world.home)
    plan(assessed, dual, [unit])
    client.login(dual)
    _english(client)
    response = client.get(f"/assessments/cases/{assessed.id}/recommendation")
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    assert page.back_links == 1 and "case-header" in page.classes
    marked = [(href, cur) for href, cur, _text in page.navs[SECTIONS_LABEL] if cur]
    assert marked == [(f"/assessments/cases/{assessed.id}", "true")]
    menu = page.navs["Main menu"]
    assert [text for _href, current, text in menu if current] == ["Cases"]


def test_the_case_sections_show_only_what_the_viewer_may_open(client, world, case):
    client.login(world["admin"])
    _english(client)
    page = parse(client.get(f"/cases/{case.id}").get_data(as_text=True))
    hrefs = [href for href, _current, _text in page.navs[SECTIONS_LABEL]]
    assert f"/cases/{case.id}/journal" not in hrefs  # the journal is the coaches'
    assert f"/cases/{case.id}/plan" in hrefs


def test_a_referral_page_belongs_to_the_referrals_in_the_menu(client, world):
    participant = make_participant(world.home)
    referral = Referral(
        participant=participant,
        municipality=world.home,
        source="social_services",
        referred_on=TODAY,
        reason="Vill arbeta.",
    )
    db.session.add(referral)
    db.session.flush()
    client.login(world["coach"])
    _english(client)
    for url in (f"/cases/referrals/{referral.id}", "/cases/referrals/new", "/cases/referrals"):
        menu = parse(client.get(url).get_data(as_text=True)).navs["Main menu"]
        assert [text for _href, current, text in menu if current] == ["Referrals"], url


def test_the_verifiers_pages_mark_verification_and_no_other_item(client, world):
    client.login(world["verifier"])
    _english(client)
    menu = parse(client.get("/assessments/verification").get_data(as_text=True)).navs["Main menu"]
    assert [text for _href, current, text in menu if current] == ["Verification"]


def test_the_printed_plan_has_the_confidentiality_line_and_the_signatures(client, world, case):
    client.login(world["coach"])
    html = client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Omfattas av sekretess enligt offentlighets- och sekretesslagen" in html  # Swedish first
    client.login(world["coach"])
    _english(client)
    html = client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    page = parse(html)
    assert "Confidential under the Public Access to Information and Secrecy Act" in html
    assert "signatures" in page.classes and "print-only" in page.classes
    assert html.count('class="signature"') == 2  # the participant's and the coach's
    for words in ("Name in block letters", "Signature", "Participant", "Coach", "Printed"):
        assert words in html


def test_a_page_without_personal_data_has_no_confidentiality_line(client, world):
    client.login(world["coach"])
    _english(client)
    html = client.get("/frameworks/").get_data(as_text=True)
    assert "Secrecy Act" not in html
    assert "Printed" in html


def test_the_print_stylesheet_is_linked_for_print_and_hides_the_controls(client, world, case):
    client.login(world["coach"])
    html = client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert 'href="/static/css/print.css" media="print"' in html
    css = (ROOT / "app/static/css/print.css").read_text()
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    hidden = {
        selector.strip()
        for selectors, body in rules
        if "display: none" in body
        for selector in selectors.split(",")
    }
    for selector in (".site-header", ".main-nav", ".case-sections", ".button", "button", "form"):
        assert selector in hidden, selector
    assert "@page" in css and "margin" in css.split("@page", 1)[1].split("}", 1)[0]
    assert ".print-only { display: block !important; }" in css
    screen = (ROOT / "app/static/css/validera.css").read_text()
    assert ".print-only { display: none; }" in screen
