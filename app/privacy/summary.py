"""The readable summary of a register extract (summary.html): by topic, in plain words.

What the participant reads, in Swedish or English: their cases, plan, mapping, assessments,
certificates, consents and who has read their data, with each field by its name, each coded
value by the words the areas show for it (their labels.py) and dates as dates. The tables
Validera keeps only to count and match (report_*, participant_units, ...) are left out: they
hold nothing the other tables do not, and data.json has every row of every table.
"""

from __future__ import annotations

import enum
import importlib
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.config import AREAS
from app.i18n import show_date, show_datetime

# Summaries kept for speed (DEVELOPING.md, "Precomputed tables"): not shown.
# How a moment is written: "24 november 2026, 11:00" (in the reader's time zone).

INTERNAL = ("participant_units", "open_need_units", "certificate_ready_cases")

TOPICS = (
    (_l("About me"), ("participants", "staff_referrals")),
    (
        _l("My cases"),
        (
            "referrals",
            "cases",
            "case_transitions",
            "case_assignments",
            "case_transfers",
            "journal_entries",
            "follow_ups",
            "summonses",
            "probable_duplicates",
        ),
    ),
    (_l("My plan"), ("plan_goals", "plan_activities", "adaptations")),
    (
        _l("Competence mapping"),
        (
            "mappings",
            "mapping_outcomes",
            "mapping_outcome_sources",
            "mapping_evidence",
            "mapping_evidence_outcomes",
            "self_assessments",
        ),
    ),
    (
        _l("Assessments"),
        (
            "assessments",
            "assessment_units",
            "assessment_adaptations",
            "criterion_results",
            "exam_items",
            "exam_item_criteria",
            "assessment_attachments",
            "credit_recommendations",
            "unit_decisions",
            "external_report_decisions",
        ),
    ),
    (_l("Certificates"), ("certificates", "certificate_units", "certificate_documents")),
    (_l("Consents"), ("consent_events",)),
    (
        _l("Work and employers"),
        (
            "candidate_profiles",
            "introductions",
            "placements",
            "placement_follow_ups",
            "funding_participations",
        ),
    ),
)

# The fields shown, by column name; a column not named here is in data.json only (ids, keys,
# checksums, the PDF's bytes).
FIELDS = {
    "personal_number": _l("Personal number"),
    "date_of_birth": _l("Date of birth"),
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "address": _l("Address"),
    "postal_code": _l("Postal code"),
    "city": _l("City"),
    "phone": _l("Phone"),
    "email": _l("Email"),
    "preferred_language": _l("Preferred language"),
    "needs_interpreter": _l("Needs an interpreter"),
    "languages": _l("Languages"),
    "gender": _l("Gender"),
    "education": _l("Education"),
    "status_at_entry": _l("Situation on the labour market at the start"),
    "foreign_background": _l("Foreign background"),
    "has_disability": _l("Disability"),
    "has_driving_licence": _l("Driving licence"),
    "is_protected": _l("Protected identity"),
    "employee_name": _l("Name"),
    "source": _l("Source"),
    "referred_on": _l("Date of referral"),
    "reason": _l("Reason"),
    "goal": _l("Goal"),
    "status": _l("Status"),
    "decided_at": _l("Decided"),
    "decision_reason": _l("Reason for the decision"),
    "stage": _l("Stage"),
    "from_stage": _l("From stage"),
    "to_stage": _l("To stage"),
    "at": _l("Date"),
    "outcome": _l("Outcome"),
    "status_at_exit": _l("Situation on the labour market at the end"),
    "closed_at": _l("Closed"),
    "background": _l("Background"),
    "pause_reason": _l("Reason for the pause"),
    "message": _l("Message"),
    "requested_at": _l("Asked for"),
    "kind": _l("Kind"),
    "occurred_on": _l("Date"),
    "text": _l("Text"),
    "due_on": _l("Date"),
    "purpose": _l("Purpose"),
    "done_at": _l("Done"),
    "starts_at": _l("Time"),
    "place": _l("Place"),
    "bring": _l("Bring"),
    "description": _l("Description"),
    "target_date": _l("Target date"),
    "starts_on": _l("Starts"),
    "ends_on": _l("Ends"),
    "need": _l("Need"),
    "agreed": _l("Agreed"),
    "depth": _l("Depth"),
    "self_assessment": _l("Your own assessment"),
    "judgement": _l("The coach's judgement"),
    "notes": _l("Notes"),
    "title": _l("Title"),
    "file_name": _l("File"),
    "scheduled_on": _l("Date"),
    "score": _l("Score"),
    "pass_mark": _l("Pass mark"),
    "result": _l("Result"),
    "comment": _l("Comment"),
    "justification": _l("Justification"),
    "signed_at": _l("Signed"),
    "number": _l("Number"),
    "issued_at": _l("Issued"),
    "holder_name": _l("Name on the certificate"),
    "issuer_name": _l("Issued by"),
    "framework_name": _l("Framework"),
    "revoked_at": _l("Revoked"),
    "code": _l("Code"),
    "level": _l("Level"),
    "credits": _l("Credits"),
    "is_given": _l("Given"),
    "effective_on": _l("From"),
    "note": _l("Note"),
    "available_from": _l("Available from"),
    "working_time": _l("Working time"),
    "desired_occupations": _l("Desired occupations"),
    "asked_at": _l("Asked"),
    "form": _l("Form"),
    "hours_per_week": _l("Hours per week"),
    "supervisor_name": _l("Supervisor"),
    "ended_on": _l("Ended"),
    "still_in_place": _l("Still in place"),
    "created_at": _l("Registered"),
}


def _enum_words() -> dict[tuple[type, Any], Any]:
    """Every coded value's words, from the areas' labels.py: {(enum class, value): words}."""
    words: dict[tuple[type, Any], Any] = {}
    for name in ("app.labels", *(f"app.{area}.labels" for area in AREAS)):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for attribute, table in vars(module).items():
            if not isinstance(table, dict) or "REFUS" in attribute or "PROBLEM" in attribute:
                continue
            for key, text in table.items():
                if isinstance(key, enum.Enum) and (type(key), key.value) not in words:
                    words[(type(key), key.value)] = text
    return words


def value_words(value: Any, words: dict) -> str:
    """A stored value as the participant reads it."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return show_datetime(value)
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, enum.Enum):
        found = words.get((type(value), value.value))
        return str(found) if found is not None else value.value.replace("_", " ")
    if isinstance(value, list | tuple):
        return ", ".join(value_words(v, words) for v in value)
    return str(value)


def _entry(row: dict, words: dict) -> list[tuple[str, str]]:
    return [
        (str(FIELDS[column]), value_words(value, words))
        for column, value in row.items()
        if column in FIELDS and value not in (None, "", [])
    ]


def shown(name: str) -> bool:
    """Whether the summary shows the table (the internal summaries are left out)."""
    return not name.startswith("report_") and name not in INTERNAL


def topics(rows: dict[str, list[dict]], labels: dict) -> list[dict]:
    """The summary's topics that hold something: each with its sections (a table's label and
    its rows as (field, value) pairs)."""
    words = _enum_words()
    placed = {name for _title, names in TOPICS for name in names}
    rest = tuple(name for name in rows if name not in placed and shown(name))
    result = []
    for title, names in (*TOPICS, (_l("Other information"), rest)):
        sections = [
            {
                "label": str(labels.get(name, _("Other information"))),
                "entries": [_entry(row, words) for row in rows[name]],
            }
            for name in names
            if rows.get(name)
        ]
        if sections:
            result.append({"title": str(title), "sections": sections})
    return result
