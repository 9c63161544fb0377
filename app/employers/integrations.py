"""What the employers area tells other areas: employers' access to certificates, and the
placements the case workflow asks for before a case is placed."""

from __future__ import annotations

import sqlalchemy as sa

from app.cases.facts import case_fact
from app.certificates.access import employer_certificate_access
from app.employers.models import Placement
from app.employers.queries import is_candidate
from app.employers.services.introductions import has_accepted_introduction
from app.extensions import db


@employer_certificate_access
def introduced(user, certificate) -> bool:
    """An employer may download a certificate of a candidate who accepted its introduction,
    while the candidate still shares their profile with employers."""
    return has_accepted_introduction(user.employer_id, certificate.participant_id) and (
        is_candidate(certificate.participant_id)
    )


@case_fact("placements")
def placements(case) -> int:
    """Placements recorded for the case and not ended (the workflow's "placements")."""
    if case.id is None:
        return 0
    query = sa.select(sa.func.count()).where(
        Placement.case_id == case.id, Placement.ended_on.is_(None)
    )
    return db.session.scalar(query) or 0
