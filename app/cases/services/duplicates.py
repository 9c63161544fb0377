"""Probable duplicates: a participant registered now whose name and date of birth match
another participant of the same municipality with another number or a reserve identity.

The candidates of many people are found with one statement on the municipality's index of
dates of birth (`find_candidates`), so that an import of thousands of rows asks once; names
are compared in Python, case and spacing aside, because SQLite's `lower()` knows no å, ä or ö.
Never across municipalities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

from app.audit import record
from app.cases.models import Participant, ProbableDuplicate
from app.cases.services import expect_version, flush_first
from app.cases.services.participants import both_open, move_history
from app.cases.vocab import DuplicateStatus
from app.cases.workflow import Refusal
from app.db import utcnow
from app.extensions import db
from app.refusals import Refused

# Dates of birth asked for in one statement: below every database's limit of parameters.
BATCH = 30_000

Key = tuple[str, str, date]


def name_key(first_name: str | None, last_name: str | None, born: date | None) -> Key | None:
    """What two people must share to be probable duplicates: the names with case and spacing
    made alike, and the date of birth; None without a date of birth."""
    if born is None:
        return None
    return (_same(first_name), _same(last_name), born)


def _same(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def find_candidates(
    municipality_id: int, people: Iterable[tuple[str, str, date | None, str | None]]
) -> dict[Key, list[int]]:
    """For each (first name, last name, date of birth, number or None) the ids of the
    municipality's participants with the same names and date of birth and not that number,
    keyed by `name_key`. One statement for up to `BATCH` different dates of birth."""
    wanted: dict[Key, set[str | None]] = defaultdict(set)
    for first, last, born, number in people:
        key = name_key(first, last, born)
        if key is not None:
            wanted[key].add(number)
    dates = sorted({key[2] for key in wanted})
    found: dict[Key, list[int]] = defaultdict(list)
    for start in range(0, len(dates), BATCH):
        for row in db.session.execute(_query(municipality_id, dates[start : start + BATCH])):
            key = name_key(row.first_name, row.last_name, row.date_of_birth)
            if key in wanted and wanted[key] - {row.personal_number}:
                found[key].append(row.id)
    return dict(found)


def _query(municipality_id: int, dates: list[date]) -> sa.Select:
    return (
        sa.select(
            Participant.id,
            Participant.first_name,
            Participant.last_name,
            Participant.date_of_birth,
            Participant.personal_number,
        )
        .where(
            Participant.municipality_id == municipality_id,
            Participant.date_of_birth.in_(dates),
            Participant.anonymised_at.is_(None),
        )
        .order_by(Participant.id)
    )


def _asked(participant_id: int, candidate_id: int) -> bool:
    """True when the pair has been flagged before, either way round (open, dismissed or
    merged): a dismissed pair is never asked about again."""
    pair = {participant_id, candidate_id}
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                ProbableDuplicate.participant_id.in_(pair),
                ProbableDuplicate.candidate_id.in_(pair),
            )
        )
        > 0
    )


def flag_duplicates(participant: Participant, actor, referral=None) -> list[ProbableDuplicate]:
    """Flag the participant registered now against the municipality's participants with the
    same name and date of birth; each flag is logged."""
    key = name_key(participant.first_name, participant.last_name, participant.birth_date)
    person = (participant.first_name, participant.last_name, participant.birth_date, None)
    found = find_candidates(participant.municipality_id, [person]).get(key, [])
    flags = [
        ProbableDuplicate(
            municipality_id=participant.municipality_id,
            participant=participant,
            candidate_id=candidate_id,
            referral=referral,
        )
        for candidate_id in found
        if candidate_id != participant.id and not _asked(participant.id, candidate_id)
    ]
    db.session.add_all(flags)
    db.session.flush()
    for flag in flags:
        _log("participant.duplicate_flagged", flag, actor)
    return flags


def _log(action: str, flag: ProbableDuplicate, actor) -> None:
    details = {"participant": flag.participant_id, "candidate": flag.candidate_id}
    for participant_id in (flag.participant_id, flag.candidate_id):
        record(action, flag, participant_id=participant_id, details=details, user=actor)


def _decide(flag: ProbableDuplicate, status: DuplicateStatus, version, actor) -> None:
    expect_version(flag, version)
    if not flag.is_open:
        raise Refused(Refusal.DUPLICATE_DECIDED)
    flag.status = status
    flag.decided_by = actor
    flag.decided_at = utcnow()
    flush_first(Refusal.DUPLICATE_DECIDED)


def dismiss_duplicate(flag: ProbableDuplicate, version, actor) -> None:
    """Not the same person: the flag is closed, logged, and the pair never asked about again."""
    _decide(flag, DuplicateStatus.DISMISSED, version, actor)
    _log("participant.duplicate_dismissed", flag, actor)


def kept_and_merged(flag: ProbableDuplicate) -> tuple[Participant, Participant]:
    """Which participant stays and which is merged into it: a reserve identity goes into one
    with a personal number; otherwise the one registered now goes into the earlier one."""
    new, earlier = flag.participant, flag.candidate
    if earlier.is_reserve_number and not new.is_reserve_number:
        return new, earlier
    return earlier, new


def merge_duplicate(flag: ProbableDuplicate, version, actor) -> Participant:
    """The same person: everything about the one merged (cases, referrals, consents, ...)
    becomes the kept participant's, and the merged one goes; logged under both."""
    kept, merged = kept_and_merged(flag)
    if both_open(kept, merged):
        raise Refused(Refusal.BOTH_OPEN)
    _decide(flag, DuplicateStatus.MERGED, version, actor)
    _log("participant.duplicate_merged", flag, actor)
    move_history(merged, kept)
    return kept


def open_flags(municipality_id: int, participant_ids: Iterable[int]) -> dict[int, int]:
    """Of these participants, those with an open flag: participant id -> flag id."""
    ids = list(participant_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(
            ProbableDuplicate.id, ProbableDuplicate.participant_id, ProbableDuplicate.candidate_id
        ).where(
            ProbableDuplicate.municipality_id == municipality_id,
            ProbableDuplicate.status == DuplicateStatus.OPEN,
            sa.or_(
                ProbableDuplicate.participant_id.in_(ids), ProbableDuplicate.candidate_id.in_(ids)
            ),
        )
    )
    flags: dict[int, int] = {}
    for flag_id, participant_id, candidate_id in rows:
        flags.setdefault(participant_id, flag_id)
        flags.setdefault(candidate_id, flag_id)
    return flags


def flags_of(participant: Participant) -> list[ProbableDuplicate]:
    """The open flags that name the participant, of its own municipality."""
    return list(
        db.session.scalars(
            sa.select(ProbableDuplicate)
            .where(
                ProbableDuplicate.municipality_id == participant.municipality_id,
                ProbableDuplicate.status == DuplicateStatus.OPEN,
                sa.or_(
                    ProbableDuplicate.participant_id == participant.id,
                    ProbableDuplicate.candidate_id == participant.id,
                ),
            )
            .order_by(ProbableDuplicate.id)
        )
    )
