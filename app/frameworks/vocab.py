"""The frameworks area's vocabularies, in plain Python: a framework's status, the levels, the
refusals."""

from __future__ import annotations

import enum


class FrameworkStatus(enum.StrEnum):
    """draft → published → retired."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class Level(enum.StrEnum):
    """OCN levels, lowest first."""

    ENTRY_1 = "entry1"
    ENTRY_2 = "entry2"
    ENTRY_3 = "entry3"
    LEVEL_1 = "level1"
    LEVEL_2 = "level2"
    LEVEL_3 = "level3"
    LEVEL_4 = "level4"


class Refusal(enum.StrEnum):
    """Why an operation on a framework was refused (worded in `labels.REFUSALS`)."""

    NOT_DRAFT = "not_draft"
    NOT_PUBLISHED = "not_published"
    DRAFT_EXISTS = "draft_exists"
    CODE_TAKEN = "code_taken"
    UNIT_CODE_TAKEN = "unit_code_taken"
    INCOMPLETE = "incomplete"
