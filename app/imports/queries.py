"""Reads of the imports area: an upload's rows for its preview, and the registered
participants its numbers name (only the municipality's own, never another's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.extensions import db

PER_PAGE = 100


@dataclass(frozen=True)
class Registered:
    """A row whose number is registered in the municipality: the name typed and the name
    registered, side by side."""

    number: int
    typed: str
    participant: Any


def registered_participants(municipality_id: int, numbers: list[str]) -> dict[str, Any]:
    """The municipality's participants with these numbers, by number (a few statements)."""
    from app.cases.models import Participant

    found = {}
    wanted = sorted(set(numbers))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = sa.select(Participant).where(
            Participant.municipality_id == municipality_id,
            Participant.personal_number.in_(chunk),
        )
        found.update({p.personal_number: p for p in db.session.scalars(query)})
    return found


def registered_rows(item) -> list[Registered]:
    """The rows of a referral upload whose number is registered in the municipality."""
    rows = [row for row in item.rows if row.get("clean")]
    people = registered_participants(
        item.municipality_id, [row["clean"]["personal_number"] for row in rows]
    )
    return [
        Registered(
            row["n"],
            f"{row['clean']['first_name']} {row['clean']['last_name']}",
            people[row["clean"]["personal_number"]],
        )
        for row in rows
        if row["clean"]["personal_number"] in people
    ]


def problem_rows(item, language: str, limit: int = 1000) -> list[tuple[int, str | None, str]]:
    """(row, column key, what is wrong) of the rows with problems, in `language`."""
    found = []
    for row in item.rows:
        for key, text in (row.get("words") or {}).get(language, []):
            found.append((row["n"], key, text))
            if len(found) >= limit:
                return found
    return found


def page_of_rows(item, page: int) -> tuple[list[dict], int]:
    """The upload's rows on `page` (from 1), and how many pages there are."""
    pages = max(1, -(-len(item.rows) // PER_PAGE))
    page = min(page, pages)
    return item.rows[(page - 1) * PER_PAGE : page * PER_PAGE], pages


def problem_lines(item, language: str) -> list[list[str]]:
    """The errors file's lines: a header, then row, column, the value as typed, what is wrong."""
    from flask_babel import gettext as _

    from app.imports.columns import column

    lines = [[_("Row"), _("Column"), _("Value"), _("What is wrong")]]
    raw = {row["n"]: row["raw"] for row in item.rows}
    for number, key, text in problem_rows(item, language, limit=len(item.rows) * 20 + 1):
        name = column(item.kind, key).header(language) if key else ""
        lines.append([number, name, raw[number].get(key, "") if key else "", text])
    return lines
