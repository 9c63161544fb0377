"""Finding participants by personal number: the one matcher every search box uses.

A search by digits finds a person only on a complete, valid personal or coordination number, or
on the date part that every viewer already sees in the masked number (YYYYMMDD or YYMMDD);
anything else made of digits (a prefix, a wrong check digit) finds nobody, so that a search
cannot be used to learn a number digit by digit. Only the municipality's own participants are
ever compared. Every search by number is written to the access log with who searched, where,
the term masked (never more than the date part) and a keyed digest of it, never in clear.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import current_app

from app.audit import record, record_many
from app.cases.models import Case, Participant
from app.cases.personal_numbers import (
    NumberSearch,
    PersonalNumber,
    SearchKind,
    classify,
    reserve_number,
    search_digest,
)
from app.db import today
from app.extensions import db

SEARCHED = "participant.number_searched"


def number_search(term: str) -> NumberSearch | None:
    """What a search term may find by number; None when it is not made of digits."""
    return classify(term, today())


def matches(search: NumberSearch) -> sa.ColumnElement[bool]:
    """A WHERE clause on `Participant` for the numbers the search may find: never a reserve
    number (its shape could not match digits anyway; this says so)."""
    return sa.and_(_number_matches(search), Participant.is_reserve_number.is_(False))


def _number_matches(search: NumberSearch) -> sa.ColumnElement[bool]:
    if search.kind is SearchKind.NUMBER:
        return Participant.personal_number == search.digits
    if search.kind is SearchKind.BIRTH_DATE and len(search.digits) == 8:
        return Participant.personal_number.startswith(search.digits)
    if search.kind is SearchKind.BIRTH_DATE:
        return Participant.personal_number.like(f"__{search.digits}%")  # digits only
    return sa.false()


_RESERVE = re.compile(r"^[Rr](\d{4})-?(\d{6})$")


def reserve_search(term: str) -> sa.ColumnElement[bool] | None:
    """A WHERE clause for a whole reserve number (`R2280-000001`, any case, dash or not), or
    None when the term is not one. A reserve number reveals no date, so it is matched only
    whole and is not logged as a search by personal number."""
    found = _RESERVE.match(term.strip())
    if found is None:
        return None
    number = reserve_number(found.group(1), int(found.group(2)))
    return sa.and_(Participant.personal_number == number, Participant.is_reserve_number.is_(True))


def coached_by(user) -> sa.ColumnElement[bool]:
    """The participant has a case of the user's municipality that the user coaches."""
    return Participant.cases.any(
        sa.and_(Case.coach_id == user.id, Case.municipality_id == user.municipality_id)
    )


def visible_to(user, coach_id=None) -> sa.ColumnElement[bool]:
    """Not under protected identity, or the user is the assigned coach (of the row's case,
    when `coach_id` is a case's column): a search never reveals a protected identity."""
    assigned = coached_by(user) if coach_id is None else coach_id == user.id
    return sa.or_(Participant.is_protected.is_(False), assigned)


def log_search(search: NumberSearch, where: str, found: list[int]) -> None:
    """The access-log line(s) of a search by number: one per participant found, or one."""
    details = {
        "where": where,
        "kind": search.kind.value,
        "searched": search.masked(),
        "digest": search_digest(current_app.config["SECRET_KEY"], search),
        "found": len(found),
    }
    if found:
        record_many(SEARCHED, None, found, details=details)
    else:
        record(SEARCHED, details=details)


def find_participant(number: PersonalNumber, municipality_id: int, where: str):
    """The municipality's participant with this number (protected or not), logged as a search.

    Never another municipality's: a person known elsewhere is a new participant here until a
    consented transfer links the two.
    """
    search = NumberSearch(SearchKind.NUMBER, number.digits)
    found = db.session.scalar(
        sa.select(Participant).where(
            Participant.municipality_id == municipality_id, matches(search)
        )
    )
    log_search(search, where, [found.id] if found is not None else [])
    return found
