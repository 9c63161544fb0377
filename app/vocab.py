"""Vocabulary shared by every area, in plain Python: no Flask, no SQLAlchemy.

Domain modules (`app/assessments/rules.py`, `app/cases/workflow.py`, ...) import from here; the
words users see for these values live in `app/labels.py`.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """What a user may be; a user may hold several."""

    # The municipality administrator: users, settings, retention, access-log review and register
    # extracts of their own municipality. The value stays "admin" for the accounts that exist.
    ADMIN = "admin"
    # The system administrator: municipalities, regions, shared frameworks, employer
    # organisations and the municipalities' administrators; never any participant's data.
    SYSTEM_ADMIN = "system_admin"
    COACH = "coach"
    ASSESSOR = "assessor"
    INTERNAL_VERIFIER = "internal_verifier"  # a right held together with ASSESSOR
    EXTERNAL_VERIFIER = "external_verifier"  # read-only sampling (OCN's EK)
    EMPLOYER = "employer"
    REGIONAL = "regional"  # aggregated regional statistics, no personal data
    # A manager (chef) in the municipality's own operations, e.g. the head of a home-care unit:
    # refers their own staff for validation and follows the progress of those who consented.
    MANAGER = "manager"
    # A participant (deltagare) signed in to their own pages (app/portal): an account linked to
    # one participant, holding no other role, that reaches nothing but the portal.
    PARTICIPANT = "participant"


# The roles of the municipality's staff and partners: everyone but the participants. Lists of
# accounts, second-factor policies and staff statistics count these.
STAFF_ROLES = tuple(role for role in Role if role is not Role.PARTICIPANT)
