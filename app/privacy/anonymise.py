"""Anonymisation (gallring): what goes, what stays, table by table.

What stays is what statistics need (gender, birth year, education, labour-market status at
entry and exit, foreign background, disability, stages with their dates, outcomes, referral
source and dates) and the certificates' verification records (number, name on the
certificate, units, status, the PDF as issued). Everything else that says something about the
person goes: the personal number, name and contact details, journal texts, free-text notes,
evidence and attachments with their files.

The certificate loses its links to the anonymised case and participant, so that the name on
the certificate cannot be joined to what statistics keep about the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from app import uploads
from app.audit import record
from app.cases.models import Participant
from app.db import utcnow
from app.extensions import db
from app.privacy.coverage import personal_tables, rows_of

# Columns emptied in the rows about the participant: None, or "" where the column needs a value.
BLANK: dict[str, dict[str, str | None]] = {
    "participants": {
        "personal_number": None,
        "first_name": "",
        "last_name": "",
        "address": None,
        "postal_code": None,
        "city": None,
        "phone": None,
        "email": None,
        "preferred_language": None,
        "languages": None,
        "date_of_birth": None,  # the birth year stays for the statistics
    },
    "consent_events": {"note": None},
    "referrals": {
        "referring_officer": None,
        "referrer_contact": None,
        "reason": "",
        "goal": None,
        "decision_reason": None,
        "typed_first_name": None,  # the name the referrer typed
        "typed_last_name": None,
        "typed_birth_date": None,
    },
    "cases": {"pause_reason": None, "goal": None, "background": None},
    "case_transitions": {"reason": None},
    "case_assignments": {"reason": None},
    "case_transfers": {"message": "", "decision_reason": None},
    "journal_entries": {"text": ""},
    "plan_goals": {"description": ""},
    "plan_activities": {"description": ""},
    "follow_ups": {"purpose": ""},
    "adaptations": {"need": "", "agreed": None},
    "mapping_outcomes": {"notes": None},
    "assessments": {
        "place": "",
        "instructions": None,
        "adaptation_notes": None,
        "cancel_reason": None,
    },
    "criterion_results": {"comment": None},
    "unit_decisions": {"justification": None, "return_comment": None, "reason": None},
    "introductions": {"message": None, "shared_contact": None, "decline_reason": None},
    "placements": {"supervisor_name": "", "supervisor_contact": None, "agreed_adaptations": None},
    "placement_follow_ups": {"notes": None},
    "certificates": {"case_id": None, "participant_id": None},
    "certificate_units": {"decision_id": None},
}

# Rows removed altogether (children first); their files are deleted from disk.
DELETE = (
    "self_assessments",  # the participant's own answers: where they learned what they can
    "mapping_evidence_outcomes",
    "mapping_evidence",
    "assessment_attachments",
    "candidate_profiles",
    "summonses",  # letters to the participant: place, time, what to bring, a note
    "staff_referrals",  # the manager's link and the name they typed: nobody follows after
)

# Text kept on purpose, and why.
KEPT_TEXT: dict[str, dict[str, str]] = {
    "certificates": {
        "number": "verification record",
        "verification_code": "verification record",
        "short_code": "verification record",
        "holder_name": "name on the certificate: verification record",
        "issuer_name": "verification record",
        "framework_code": "verification record",
        "framework_name": "verification record",
        "ssyk_code": "verification record",
        "revocation_note": "status of the verification record",
    },
    "certificate_units": {
        "code": "unit on the certificate",
        "title": "unit on the certificate",
        "level": "unit on the certificate",
        "outcomes": "unit on the certificate",
        "assessor_name": "unit on the certificate",
        "verifier_name": "unit on the certificate",
    },
    "exam_items": {"label": "the name of an item of a test, nothing about the person"},
    "report_cases": {"identity": "statistics: a reserve identity or a number, never which"},
    "certificate_documents": {
        "language": "the certificate as issued",
        "content": "the certificate as issued",
        "sha256": "the certificate as issued",
    },
}


# What stays after an erasure, per table, in the words of the confirmation page.
KEPT_FOR = {
    "cases": "statistics",
    "case_transitions": "statistics",
    "referrals": "statistics",
    "unit_decisions": "statistics",
    "placements": "statistics",
    "certificates": "certificates",
    "certificate_units": "certificates",
    "certificate_documents": "certificates",
}


def erasure_overview(rows: dict[str, list[dict]]) -> dict[str, list[tuple[str, int]]]:
    """What an erasure of the participant whose rows these are does, as (table, rows) pairs:
    `removed` (rows deleted with their files), `emptied` (rows whose texts are emptied) and
    `kept` (rows that stay for the statistics and the certificates' verification)."""
    removed = [(name, len(rows[name])) for name in DELETE if rows.get(name)]
    emptied = [
        (name, len(rows[name]))
        for name in BLANK
        if rows.get(name) and KEPT_FOR.get(name) != "certificates"
    ]
    kept = [(name, len(rows[name])) for name in KEPT_FOR if rows.get(name)]
    return {"removed": removed, "emptied": emptied, "kept": kept}


@dataclass
class Anonymised:
    """What one anonymisation did: rows emptied or removed per table, files to delete."""

    participant_id: int
    changed: dict[str, int] = field(default_factory=dict)
    file_keys: list[str] = field(default_factory=list)


def _key(table: sa.Table, row: dict):
    return tuple(row[c.name] for c in table.primary_key.columns)


def _where_rows(table: sa.Table, rows: list[dict]):
    columns = list(table.primary_key.columns)
    if len(columns) == 1:
        return columns[0].in_([row[columns[0].name] for row in rows])
    return sa.or_(*(sa.and_(*(c == row[c.name] for c in columns)) for row in rows))


def _blank(table: sa.Table, rows: list[dict]) -> int:
    values: dict = dict(BLANK[table.name])
    if "version" in table.c:  # a form opened before stays refused by the version check
        values["version"] = table.c.version + 1
    db.session.execute(sa.update(table).where(_where_rows(table, rows)).values(**values))
    return len(rows)


def anonymise(participant: Participant, *, reason: str, actor=None, note: str | None = None):
    """Remove what identifies the participant, keep statistics and certificates; flush, log.

    Changes go through the tables rather than the models: a verified unit decision keeps its
    outcome, and only its free text goes, which the decision lock would otherwise refuse.
    Returns what was done; the caller commits, and only then do `file_keys` go from disk.
    """
    tables = {t.name: t for t in personal_tables(db.metadata)}
    rows = rows_of(db.session, db.metadata, participant.id)
    done = Anonymised(participant.id)
    for name in DELETE:
        if rows.get(name):
            done.file_keys += [r["file_key"] for r in rows[name] if r.get("file_key")]
            db.session.execute(sa.delete(tables[name]).where(_where_rows(tables[name], rows[name])))
            done.changed[name] = len(rows[name])
    for name in BLANK:
        if rows.get(name):
            done.changed[name] = _blank(tables[name], rows[name])
    db.session.execute(
        sa.update(tables["participants"])
        .where(tables["participants"].c.id == participant.id)
        .values(anonymised_at=utcnow())
    )
    _end_own_account(participant.id)
    db.session.expire_all()
    for key in done.file_keys:
        uploads.delete_on_commit(key)
    details = {"reason": reason, "rows": done.changed, "files": len(done.file_keys)}
    if note:
        details["note"] = note
    record(
        "privacy.anonymised",
        participant,
        participant_id=participant.id,
        details=details,
        user=actor,
    )
    return done


def _end_own_account(participant_id: int) -> None:
    """The participant's own account (app/portal) goes with the name: inactive, nameless, its
    address one that reaches nobody, its sessions and codes ended."""
    from app.auth.models import User
    from app.auth.sessions import end_sessions

    account = db.session.scalar(sa.select(User).where(User.participant_id == participant_id))
    if account is None:
        return
    end_sessions(account)
    account.is_active = False
    account.name = "–"
    account.email = f"anonymised-{account.id}@portal.invalid"
    account.personal_number = None
    db.session.flush()  # before the caller's expire_all, which would drop unflushed changes
