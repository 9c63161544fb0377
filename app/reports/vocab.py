"""The fixed vocabularies of the reports area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum

# The referral-source filter's value for the labour-market cases: every source but the
# municipality's own staff (`ReferralSource.OWN_STAFF`), whose cases are counted apart.
LABOUR_MARKET = "labour_market"


class AgeGroup(enum.StrEnum):
    """Age at the start of the case (year of the start minus the year of birth)."""

    UNDER_18 = "under_18"
    FROM_18_TO_29 = "18_29"
    FROM_30_TO_54 = "30_54"
    FROM_55 = "55_plus"
    UNKNOWN = "unknown"


class ExportKind(enum.StrEnum):
    """What an export job produces."""

    DASHBOARD = "dashboard"  # every table of the dashboard, one workbook
    ESF = "esf"  # the monthly participant list for Statistics Sweden


class ExportFormat(enum.StrEnum):
    """The file an export job writes."""

    XLSX = "xlsx"
    CSV = "csv"


class ExportStatus(enum.StrEnum):
    """queued → running → done | failed."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Refusal(enum.StrEnum):
    """Why the reports area's rules refuse a change (worded in `labels.REFUSALS`)."""

    PROJECT_CODE_TAKEN = "project_code_taken"
    PROJECT_NOT_AVAILABLE = "project_not_available"
    ALREADY_IN_PROJECT = "already_in_project"
    STARTS_OUTSIDE_PROJECT = "starts_outside_project"
    ENDS_OUTSIDE_PROJECT = "ends_outside_project"
    ENDS_BEFORE_START = "ends_before_start"
