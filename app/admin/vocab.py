"""The fixed vocabularies of the administration area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class Refusal(enum.StrEnum):
    """Why a change to an account or an organisation is refused (words: `labels.REFUSALS`)."""

    ROLE_NOT_YOURS = "role_not_yours"
    ORGANISATION_NOT_YOURS = "organisation_not_yours"
    OWN_ROLES = "own_roles"
    OWN_ORGANISATION = "own_organisation"
    OWN_ACTIVE = "own_active"
    KEPT_ROLES = "kept_roles"
    EMAIL_TAKEN = "email_taken"
    PERSONAL_NUMBER_TAKEN = "personal_number_taken"
    MUNICIPALITY_TAKEN = "municipality_taken"
    ORG_NUMBER_TAKEN = "org_number_taken"
    HAS_LOGGED_IN = "has_logged_in"
    DEACTIVATED = "deactivated"
