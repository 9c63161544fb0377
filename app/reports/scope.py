"""Whose figures a dashboard shows (the scope) and which of them (the filters).

Plain Python: the routes build a `Scope` from the user and a `Filters` from the query string;
`app.reports.queries.dashboard(scope, filters)` turns them into tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

SMALL_CELL = 5  # fewer people than this are shown as "<5" in the regional view


@dataclass(frozen=True)
class Scope:
    """The municipalities whose figures are counted.

    `regional` is the aggregated view of cooperating municipalities: no personal data, no
    coach, and every count under `SMALL_CELL` shown as "<5".
    """

    municipality_ids: tuple[int, ...]
    regional: bool = False


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the figures to; None means "all"."""

    date_from: date
    date_to: date
    municipality_id: int | None = None
    framework_code: str | None = None
    source: str | None = None
    coach_id: int | None = None

    @property
    def starts_at(self) -> datetime:
        """The first moment of the period (UTC)."""
        return datetime.combine(self.date_from, time.min, tzinfo=UTC)

    @property
    def ends_before(self) -> datetime:
        """The first moment after the period (UTC)."""
        return datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=UTC)

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) of the period, in order."""
        year, month = self.date_from.year, self.date_from.month
        found = []
        while (year, month) <= (self.date_to.year, self.date_to.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def default_period(today: date) -> tuple[date, date]:
    """The twelve months up to today: from the first day of the month eleven months ago."""
    year, month = today.year, today.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1), today
