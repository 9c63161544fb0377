"""What the mapping tells the case workflow (see app/cases/facts.py)."""

from __future__ import annotations

import sqlalchemy as sa

from app.cases.facts import case_fact
from app.extensions import db
from app.mapping import services
from app.mapping.models import Mapping


@case_fact("framework_chosen")
def framework_chosen(case) -> bool:
    """A framework version has been chosen for the case."""
    return db.session.scalar(sa.select(Mapping.id).where(Mapping.case_id == case.id)) is not None


@case_fact("units_ready")
def units_ready(case) -> int:
    """Units judged ready for assessment, over all the case's mappings."""
    return services.units_ready(case)
