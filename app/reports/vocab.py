"""The fixed vocabularies of the reports area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


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
