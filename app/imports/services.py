"""Uploading a file (read, checked, kept for its preview) and confirming it (imported, once).

Services flush and log, never commit: the view's `save` commits, once. Confirming imports
every row in that one transaction or, refused or failing, none.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.audit import record, record_each
from app.cases.personal_numbers import birth_date
from app.cases.vocab import ReferralSource
from app.db import insert_many, utcnow
from app.extensions import db
from app.imports import checking, reading
from app.imports.models import Import
from app.imports.queries import registered_participants
from app.imports.vocab import ImportKind, ImportState, Refusal
from app.refusals import Refused
from app.summaries import follow_inserted
from app.uploads import clean_name

KEPT_FOR = timedelta(days=1)  # an upload waits this long for its confirmation


def upload_file(kind: ImportKind, file, actor) -> Import:
    """Read and check an uploaded file and keep it for its preview; refused at the file
    field when it cannot be read (encoding, delimiter, columns, size, rows)."""
    if file is None or not getattr(file, "filename", ""):
        raise Refused(Refusal.NO_FILE, field="file")
    content = file.read(reading.MAX_BYTES + 1)
    name = clean_name(file.filename)
    sheet = reading.read(content, name, kind)
    rows = checking.check_sheet(kind, sheet, actor)
    remove_expired(actor)
    item = Import(
        kind=kind,
        owner_id=actor.id,
        municipality_id=actor.municipality_id,
        file_name=name,
        rows=[{"n": r.number, "raw": r.raw, "clean": r.clean, "words": r.words} for r in rows],
        row_count=len(rows),
        error_count=sum(1 for r in rows if r.clean is None),
        expires_at=utcnow() + KEPT_FOR,
    )
    db.session.add(item)
    db.session.flush()
    details = {"kind": kind.value, "file": name, "rows": item.row_count, "errors": item.error_count}
    record("import.uploaded", item, details=details, user=actor)
    return item


def remove_expired(actor=None) -> int:
    """Remove the uploads that were never confirmed and have expired, and the rows of every
    imported one (the person's, or everyone's); answers how many went."""
    query = sa.delete(Import).where(
        Import.state == ImportState.PREVIEWED, Import.expires_at < utcnow()
    )
    if actor is not None:
        query = query.where(Import.owner_id == actor.id)
    return db.session.execute(query.execution_options(synchronize_session=False)).rowcount


def confirm_import(item: Import, attach: bool, seen_registered: int | None, actor):
    """Import every row of the file in this transaction, once: answers (item, True) when it
    was imported now, (item, False) when it had been already (a second confirmation)."""
    if item.is_imported:
        return item, False
    if item.error_count:
        raise Refused(Refusal.HAS_ERRORS)
    if item.expires_at < utcnow():
        raise Refused(Refusal.EXPIRED)
    if not _claim(item):
        db.session.refresh(item)
        return item, False
    if item.kind is ImportKind.REFERRALS:
        _import_referrals(item, attach, seen_registered, actor)
    else:
        _import_staff(item, actor)
    item.rows = []  # what they held is in the referrals or accounts now
    db.session.flush()
    details = {"kind": item.kind.value, "rows": item.imported_count}
    record("import.confirmed", item, details=details, user=actor)
    return item, True


def _claim(item: Import) -> bool:
    """Mark the upload imported with one conditional UPDATE: of two confirmations at once,
    only one finds it still waiting (the other waits for its row lock, then finds none)."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Import)
        .where(Import.id == item.id, Import.state == ImportState.PREVIEWED)
        .values(state=ImportState.IMPORTED, imported_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    sa.orm.attributes.set_committed_value(item, "state", ImportState.IMPORTED)
    sa.orm.attributes.set_committed_value(item, "imported_at", now)
    return True


# --- referrals ---------------------------------------------------------------------------


def _import_referrals(item: Import, attach: bool, seen_registered: int | None, actor) -> None:
    """Participants for the numbers not registered, then one referral per row, written with
    one INSERT per batch of rows (not one per row); audited and told as the referral form's are.

    The rows go past the session's unit of work (which writes one row per statement where the
    database cannot say which id went to which row), each batch answering its ids; the
    precomputed tables are then brought up to date for them (`follow_inserted`)."""
    from app.cases.models import Participant, Referral

    rows = [row["clean"] for row in item.rows]
    people = registered_participants(item.municipality_id, [r["personal_number"] for r in rows])
    if seen_registered is not None and seen_registered != len(people):
        raise Refused(Refusal.CHANGED)
    if people and not attach:
        raise Refused(Refusal.NOT_CONFIRMED, field="attach")
    ids = {number: person.id for number, person in people.items()}
    new = [_participant(item, row) for row in rows if row["personal_number"] not in ids]
    born = _insert(Participant, new, Participant.personal_number)
    ids.update({number: pid for pid, number in born})
    referrals = [_referral(item, row, ids[row["personal_number"]], actor) for row in rows]
    made = _insert(Referral, referrals, Referral.participant_id)
    details = {"import": item.id}
    births = [(pid, pid) for pid, _number in born]
    record_each("participant.registered", "participants", births, details=details, user=actor)
    record_each("referral.registered", "referrals", made, details=details, user=actor)
    _flag_duplicates(item, new, born, made, actor)
    item.imported_count, item.new_participant_count = len(made), len(born)
    _tell(min(rid for rid, _pid in made), actor)


def _participant(item: Import, row: dict) -> dict:
    number = row["personal_number"]
    return {
        "municipality_id": item.municipality_id,
        "personal_number": number,
        "is_coordination_number": row["is_coordination_number"],
        "birth_year": birth_date(number).year,
        "date_of_birth": birth_date(number),
        **{key: row[key] for key in ("first_name", "last_name", "phone", "email")},
    }


def _referral(item: Import, row: dict, participant_id: int, actor) -> dict:
    return {
        "municipality_id": item.municipality_id,
        "participant_id": participant_id,
        "created_by_id": actor.id,
        "source": ReferralSource(row["source"]),
        "referred_on": date.fromisoformat(row["referred_on"]),
        # the name as the file gives it; a registered person's name stays as registered, and
        # the coach chose to attach on the preview, where both names stood side by side
        "typed_first_name": " ".join(row["first_name"].split()) or None,
        "typed_last_name": " ".join(row["last_name"].split()) or None,
        **{key: row[key] for key in ("referring_officer", "referrer_contact", "reason", "goal")},
    }


def _flag_duplicates(item: Import, new: list[dict], born, made, actor) -> None:
    """Flag each participant the file registered against the municipality's participants with
    the same name and date of birth (the file's own rows included), as a referral registered
    on the page is: one statement to find them, one INSERT for the flags, one for their log."""
    from app.cases.models import ProbableDuplicate
    from app.cases.services.duplicates import find_candidates, name_key

    if not new:
        return
    id_of = {number: pid for pid, number in born}
    referral_of = {pid: rid for rid, pid in made}
    people = [
        (p["first_name"], p["last_name"], p["date_of_birth"], p["personal_number"]) for p in new
    ]
    found = find_candidates(item.municipality_id, people)
    pairs: set[frozenset[int]] = set()
    flags = []
    for first, last, born_on, number in people:
        participant_id = id_of[number]
        for candidate_id in found.get(name_key(first, last, born_on), []):
            pair = frozenset((participant_id, candidate_id))
            if candidate_id == participant_id or pair in pairs:
                continue
            pairs.add(pair)
            flags.append(
                {
                    "municipality_id": item.municipality_id,
                    "participant_id": participant_id,
                    "candidate_id": candidate_id,
                    "referral_id": referral_of.get(participant_id),
                }
            )
    if flags:
        db.session.execute(sa.insert(ProbableDuplicate), flags)
        made_flags = [(f["participant_id"], f["participant_id"]) for f in flags]
        record_each(
            "participant.duplicate_flagged",
            "participants",
            made_flags,
            details={"import": item.id},
            user=actor,
        )


def _insert(model, rows: list[dict], key) -> list[tuple[int, Any]]:
    """INSERT the rows in batches, answering (id, `key`) of each; `key` is unique among them,
    so no order is assumed. The precomputed tables follow."""
    if not rows:
        return []
    table = model.__table__
    connection = db.session.connection()
    try:
        made = insert_many(connection, table, rows, returning=("id", key.key))
    except IntegrityError as exc:  # a number registered by someone else meanwhile
        raise Refused(Refusal.CHANGED) from exc
    by_key = {value: ident for ident, value in made}
    follow_inserted(connection, table, [{**row, "id": by_key[row[key.key]]} for row in rows])
    return made


def _tell(referral_id: int, actor) -> None:
    """One notification for the whole file, not one per row: coaches hear of it once."""
    from app.cases.models import Referral
    from app.notifications import Kind, notify

    notify(
        Kind.REFERRAL_RECEIVED,
        db.session.get(Referral, referral_id),
        actor=actor,
        detail="imported",
    )


# --- staff -------------------------------------------------------------------------------


def _import_staff(item: Import, actor) -> None:
    """One account per row, each made and welcomed as the administration's form does."""
    from app.admin.services import add_user

    checker = checking.StaffChecker(actor)
    for row in item.rows:
        form = checker.form(row["raw"])
        if not form.validate():  # an email registered since the preview, say
            raise Refused(Refusal.CHANGED)
        add_user(form, actor)
    item.imported_count = len(item.rows)
