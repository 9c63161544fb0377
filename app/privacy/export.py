"""The data-subject access export (registerutdrag, GDPR art. 15): everything about one person.

A ZIP with `summary.html` (readable), `data.json` (every row of every table about the person,
and the access log) and `files/` (uploaded evidence and attachments, the certificates' PDFs).
"""

from __future__ import annotations

import enum
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import uploads
from app.audit import AuditEvent
from app.cases.models import Participant
from app.db import utcnow
from app.extensions import db
from app.i18n import show_datetime
from app.privacy.coverage import personal_tables, rows_of
from app.privacy.summary import topics as summary_topics

TABLE_LABELS = {
    "participants": _l("Participant"),
    "consent_events": _l("Consents"),
    "referrals": _l("Referrals"),
    "cases": _l("Cases"),
    "case_transitions": _l("Case history"),
    "case_assignments": _l("Coach assignments"),
    "case_transfers": _l("Transfers"),
    "journal_entries": _l("Journal"),
    "plan_goals": _l("Development plan: goals"),
    "plan_activities": _l("Development plan: activities"),
    "follow_ups": _l("Follow-ups"),
    "adaptations": _l("Adaptations"),
    "mappings": _l("Competence mapping"),
    "mapping_outcomes": _l("Mapping per learning outcome"),
    "mapping_outcome_sources": _l("Where the competence comes from"),
    "mapping_evidence": _l("Evidence"),
    "mapping_evidence_outcomes": _l("Evidence per learning outcome"),
    "self_assessments": _l("Own answers per learning outcome"),
    "assessments": _l("Assessments"),
    "assessment_units": _l("Units assessed"),
    "assessment_adaptations": _l("Adaptations at assessments"),
    "criterion_results": _l("Results per criterion"),
    "assessment_attachments": _l("Assessment attachments"),
    "credit_recommendations": _l("Recommendations for award of credit"),
    "unit_decisions": _l("Unit decisions"),
    "external_report_decisions": _l("Decisions sampled by external quality assurance"),
    "certificates": _l("Certificates"),
    "certificate_units": _l("Units on certificates"),
    "certificate_documents": _l("Certificate documents"),
    "candidate_profiles": _l("Candidate profile for employers"),
    "introductions": _l("Introductions to employers"),
    "placements": _l("Placements"),
    "placement_follow_ups": _l("Placement follow-ups"),
    "funding_participations": _l("Funding projects"),
    "exam_items": _l("Items of theoretical tests"),
    "exam_item_criteria": _l("Criteria of test items"),
    "report_cases": _l("Statistics: cases"),
    "report_referrals": _l("Statistics: referrals"),
}
AUDIT_COLUMNS = ("at", "actor", "action", "object_type", "object_id", "ip")


@dataclass
class Export:
    """The finished export: the ZIP's bytes and what went into it."""

    content: bytes
    tables: dict[str, int]
    files: list[str]
    access_lines: int


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def access_log(participant_id: int) -> list[AuditEvent]:
    """Every line of the log about the participant, also lists that showed them, oldest first."""
    about = sa.select(AuditEvent).where(AuditEvent.participant_id == participant_id)
    lines = list(db.session.scalars(about))
    listed = sa.select(AuditEvent).where(
        AuditEvent.participant_id.is_(None), AuditEvent.details.is_not(None)
    )
    for line in db.session.scalars(listed):
        shown = (line.details or {}).get("participants") or (line.details or {}).get("shown")
        if isinstance(shown, list) and participant_id in shown:
            lines.append(line)
    return sorted(lines, key=lambda line: (line.at, line.id))


class _Files:
    """The files written to the ZIP, named so that two never collide."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive, self.names = archive, []

    def add(self, folder: str, name: str, data: bytes) -> str:
        path = f"files/{folder}/{uploads.clean_name(name)}"
        self.archive.writestr(path, data)
        self.names.append(path)
        return path

    def upload(self, table: str, row: dict) -> str | None:
        key = row.get("file_key")
        if not key or not uploads.exists(key):
            return None
        data = (uploads.folder() / key[:2] / key).read_bytes()
        return self.add(table, f"{row['id']}-{row.get('file_name') or key}", data)


def _rows_for_json(files: _Files, table: sa.Table, rows: list[dict]) -> list[dict]:
    result = []
    for row in rows:
        plain = {}
        for column, value in row.items():
            if isinstance(value, bytes):  # a certificate's PDF
                copy = "-revoked" if row.get("is_revoked_copy") else ""
                name = f"{row.get('certificate_id')}-{row.get('language')}{copy}.pdf"
                value = files.add(table.name, name, value)
            plain[column] = _plain(value)
        if "file_key" in row:
            plain["file_in_export"] = files.upload(table.name, row)
        result.append(plain)
    return result


def _read_line(line: AuditEvent) -> dict:
    """A line of the access log as the participant reads it."""
    from app.admin.labels import AUDIT_ACTIONS

    return {
        "at": show_datetime(line.at),
        "who": line.actor,
        "what": str(AUDIT_ACTIONS.get(line.action, _("Other"))),
    }


def build_export(participant: Participant, language: str = "sv") -> Export:
    """The ZIP of everything stored about the participant (the caller logs and commits); the
    readable summary in `language` (sv or en), data.json every row as stored."""
    tables = {t.name: t for t in personal_tables(db.metadata)}
    rows = rows_of(db.session, db.metadata, participant.id)
    lines = access_log(participant.id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        files = _Files(archive)
        data = {name: _rows_for_json(files, tables[name], rows[name]) for name in rows}
        log = [{c: _plain(getattr(line, c)) for c in AUDIT_COLUMNS} for line in lines]
        document = {
            "participant_id": participant.id,
            "exported_at": utcnow().isoformat(),
            "tables": data,
            "access_log": log,
            "files": list(files.names),
        }
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        with force_locale(language):
            summary = render_template(
                "privacy/export_summary.html",
                participant=participant,
                topics=summary_topics(rows, TABLE_LABELS),
                access_log=[_read_line(line) for line in lines],
                files=files.names,
                exported_at=utcnow(),
            )
        archive.writestr("summary.html", summary)
    return Export(
        content=buffer.getvalue(),
        tables={name: len(r) for name, r in rows.items()},
        files=list(files.names),
        access_lines=len(lines),
    )
