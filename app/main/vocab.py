"""The fixed vocabularies of the pages that belong to no single area (labels in `labels.py`)."""

from __future__ import annotations

import enum


class Compliance(enum.StrEnum):
    """How far the service meets the accessibility requirements (lag 2018:1937), as the
    municipality's accessibility statement says."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"
