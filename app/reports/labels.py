"""What people read in the reports area: sections, tables, columns, age groups, refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.cases import labels as case_labels
from app.reports.vocab import LABOUR_MARKET, ExportStatus, Refusal

REFUSALS = {
    Refusal.PROJECT_CODE_TAKEN: _l("Another project already has this identity."),
    Refusal.PROJECT_NOT_AVAILABLE: _l("Choose a project of the case's municipality or region."),
    Refusal.ALREADY_IN_PROJECT: _l("The case already takes part in this project."),
    Refusal.STARTS_OUTSIDE_PROJECT: _l("The start date is outside the project's period."),
    Refusal.ENDS_OUTSIDE_PROJECT: _l("The end date is outside the project's period."),
    Refusal.ENDS_BEFORE_START: _l("The end date cannot be before the start date."),
}

GENDER_COLUMNS = {
    "woman": _l("Women"),
    "man": _l("Men"),
    "non_binary": _l("Non-binary"),
    "not_stated": _l("Gender not stated"),
}

AGE_COLUMNS = {
    "under_18": _l("Under 18"),
    "18_29": _l("18–29"),
    "30_54": _l("30–54"),
    "55_plus": _l("55 and over"),
    "unknown": _l("Age not known"),
}

# The referral-source filter: the labour-market cases together, or one source.
SOURCE_FILTER = {
    LABOUR_MARKET: _l("Labour-market cases (every source but own staff)"),
    **case_labels.SOURCES,
}

TOTAL = _l("Total")
NOT_RECORDED = _l("Not recorded")

SECTIONS = {
    "inflow": _l("Inflow"),
    "pipeline": _l("Pipeline"),
    "validation": _l("Validation"),
    "outcomes": _l("Outcomes"),
    "participants": _l("Participants"),
}

EXPORT_STATUSES = {
    ExportStatus.QUEUED: _l("Waiting to start"),
    ExportStatus.RUNNING: _l("Being prepared"),
    ExportStatus.DONE: _l("Ready"),
    ExportStatus.FAILED: _l("Failed"),
}

FOLLOW_UP_STATES = {
    "still": _l("Still in place"),
    "ended": _l("No longer in place"),
    "pending": _l("Not yet followed up"),
}

# key: (section, title, what the table counts); the dashboard shows them in this order.
TABLES = {
    "inflow_months": (
        "inflow",
        _l("Referrals per month"),
        _l("Referrals received in the period, by the month they were received."),
    ),
    "inflow_sources": (
        "inflow",
        _l("Referrals by source and month"),
        _l("Referrals received in the period, by who referred the participant."),
    ),
    "inflow_decisions": (
        "inflow",
        _l("Referrals by decision"),
        _l("Referrals received in the period: accepted, rejected, waiting or returned."),
    ),
    "pipeline_stages": (
        "pipeline",
        _l("Cases by stage now"),
        _l(
            "Cases started before the end of the period and not closed before it, by the stage "
            "they are in today."
        ),
    ),
    "stage_days": (
        "pipeline",
        _l("Days in each stage"),
        _l(
            "Stays in a stage that began in the period and have ended: the median and the 90th "
            "percentile of their length in days, from the case transitions."
        ),
    ),
    "units_achieved": (
        "validation",
        _l("Units achieved by framework and level"),
        _l("Units whose achieved decision was verified in the period."),
    ),
    "credits_achieved": (
        "validation",
        _l("Credits achieved by framework and level"),
        _l("Credits of the units whose achieved decision was verified in the period."),
    ),
    "certificates": (
        "validation",
        _l("Certificates issued by framework"),
        _l("Certificates issued in the period and not revoked."),
    ),
    "first_attempts": (
        "validation",
        _l("First-attempt pass rate by unit"),
        _l(
            "Units assessed for the first time in the period and how many were achieved at that "
            "first attempt; the units that fail most come first."
        ),
    ),
    "outcomes": (
        "outcomes",
        _l("Outcomes at closing"),
        _l("Cases closed in the period, by outcome."),
    ),
    "exit_status": (
        "outcomes",
        _l("Labour-market status at entry and at exit"),
        _l("Cases closed in the period, by the participant's status at entry and at exit."),
    ),
    "follow_ups": (
        "outcomes",
        _l("Placements at the six-month follow-up"),
        _l("Placements whose six-month follow-up was due in the period."),
    ),
    "education": (
        "participants",
        _l("Participants by education level"),
        _l("People with a case active in the period, each counted once."),
    ),
    "entry_status": (
        "participants",
        _l("Participants by labour-market status at entry"),
        _l("People with a case active in the period, each counted once."),
    ),
    "foreign_background": (
        "participants",
        _l("Participants by foreign background"),
        _l("People with a case active in the period, each counted once."),
    ),
    "disability": (
        "participants",
        _l("Participants by disability"),
        _l("People with a case active in the period, each counted once."),
    ),
    "identity": (
        "participants",
        _l("Participants by identity"),
        _l(
            "People with a case active in the period, each counted once: reserve identities "
            "(reservnummer) are people without a Swedish personal or coordination number."
        ),
    ),
}

ROW_HEADERS = {
    "education": _l("Education level"),
    "entry_status": _l("Status at entry"),
    "foreign_background": _l("Foreign background"),
    "disability": _l("Disability"),
    "identity": _l("Identity"),
}

# The identity column of `report_cases`, as the statistics show it.
IDENTITIES = {
    ("number",): [_l("Personal or coordination number")],
    ("reserve",): [_l("Reserve identities")],
}

# Tables drawn as a chart beside them: key, and the column charted.
CHARTS = {"inflow_months": "total", "pipeline_stages": "total", "outcomes": "total"}
