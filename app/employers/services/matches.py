"""One page of matching results, explained, for the views."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.employers import matching
from app.employers.cards import pseudonym_of, token_of
from app.employers.matching import Distance, Match, WantedUnit
from app.employers.queries import (
    Filters,
    need_matches,
)
from app.web import page_number

PER_PAGE = 20


@dataclass(frozen=True)
class Row:
    """One candidate on the matching page."""

    participant_id: int
    pseudonym: str
    token: str  # what names the candidate in the employer's links
    municipality: str
    match: Match


@dataclass
class Listing:
    """One page of full or close matches."""

    rows: list[Row]
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class MatchPage:
    """What the matching page shows."""

    full: Listing
    close: Listing
    wanted: list[WantedUnit] = field(default_factory=list)

    @property
    def participant_ids(self) -> list[int]:
        return [row.participant_id for row in (*self.full.rows, *self.close.rows)]


def filters_from(form) -> Filters:
    """The filters of a valid filter form; none when the form is absent."""
    if form is None:
        return Filters()
    return Filters(
        municipality_id=form.municipality.data or None,
        available_by=form.available_by.data,
        min_level=form.level.data,
        unit_id=form.unit.data or None,
    )


def wanted_units(need) -> list[WantedUnit]:
    """The need's units as the domain names them."""
    return [WantedUnit(row.unit_id, row.unit.title, row.is_required) for row in need.units]


def _listing(need, rows: list, total: int, page: int, wanted, evidence) -> Listing:
    """The rows name each candidate as the need's employer knows them (computed, no query)."""
    return Listing(
        rows=[
            Row(
                participant_id=r.participant_id,
                pseudonym=pseudonym_of(need.employer_id, r.participant_id),
                token=token_of(need.employer_id, r.participant_id),
                municipality=r.home_name,
                match=matching.match(wanted, evidence[r.participant_id], Distance(r.distance)),
            )
            for r in rows
        ],
        total=total,
        page=page,
    )


def match_page(need, form, args) -> MatchPage:
    """Full and close matches for the need, each paginated on its own.

    Both pages and the evidence of everyone on them come from one statement.
    """
    filters = filters_from(form)
    wanted = wanted_units(need)
    full_page, close_page = page_number("page", args), page_number("close_page", args)
    (full, full_total), (close, close_total), evidence = need_matches(
        need, filters, full_page, close_page, PER_PAGE
    )
    return MatchPage(
        full=_listing(need, full, full_total, full_page, wanted, evidence),
        close=_listing(need, close, close_total, close_page, wanted, evidence),
        wanted=wanted,
    )
